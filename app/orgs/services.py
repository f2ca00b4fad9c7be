"""Creating companies, inviting people, joining, leaving and moving members, and privacy choices.

Plain functions with explicit arguments: they flush, log and raise ``OrgError``s; the caller commits.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.audit.models import MEMBER_MOVED
from app.audit.services import record
from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import find_certificate
from app.extensions import db
from app.orgs.models import MANAGER, MEMBER, Invitation, Membership, Organisation
from app.orgs.visibility import certificate_visible, grant_for
from app.timeutil import utcnow

logger = logging.getLogger(__name__)

#: How long an invitation stays valid.
INVITATION_DAYS = 14


class OrgError(Exception):
    """Base of the domain errors; ``message`` is what the person is told."""

    message: object = _l("This did not work.")

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or str(type(self).__name__))


class DuplicateName(OrgError):
    message = _l("A company with this name already exists.")


class UnknownInvitation(OrgError):
    message = _l("This invitation code is not valid. Please check it or ask your company for a new one.")


class InvitationExpired(OrgError):
    message = _l("This invitation has expired. Please ask your company for a new one.")


class InvitationUsed(OrgError):
    message = _l("This invitation has already been used. Please ask your company for a new one.")


class InvitationRevoked(OrgError):
    message = _l("This invitation was withdrawn by the company.")


class InvitationForSomeoneElse(OrgError):
    message = _l("This invitation was sent to a different e-mail address.")


class AlreadyMember(OrgError):
    message = _l("You already belong to this company.")


class InAnotherCompany(OrgError):
    """The person belongs to another company (``org_name``): they must leave it first."""

    def __init__(self, org_name: str) -> None:
        super().__init__(org_name)
        self.org_name = org_name
        self.message = _l(
            "You already belong to another company (%(company)s). Leave it first, then join the new one.",
            company=org_name,
        )


class NotAMember(OrgError):
    message = _l("You do not belong to a company.")


class LastManager(OrgError):
    message = _l(
        "You are the last manager of this company. Ask an administrator to appoint another one first."
    )


def slugify(text: str, fallback: str = "company") -> str:
    """An ASCII, lower-case, hyphenated form of ``text`` (``fallback`` when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def org_by_name(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name.strip()))


def membership_of(user_id: int) -> Membership | None:
    """The person's membership (a person belongs to at most one company)."""
    return db.session.scalar(select(Membership).where(Membership.user_id == user_id))


def create_org(name: str) -> Organisation:
    """Create a company.

    :raises DuplicateName: the name (or its slug) is taken.
    """
    name = name.strip()
    if org_by_name(name) is not None:
        raise DuplicateName(name)
    base = slugify(name)
    slug, n = base, 1
    while db.session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    org = Organisation(name=name, slug=slug)
    db.session.add(org)
    db.session.flush()
    logger.info("company %s created (%s)", org.id, org.slug)
    return org


def add_manager(org: Organisation, user: User) -> Membership:
    """Make ``user`` a manager of ``org`` (joining it if needed).

    :raises InAnotherCompany: the person belongs to another company.
    """
    membership = membership_of(user.id)
    if membership is not None and membership.org_id != org.id:
        raise InAnotherCompany(membership.org.name)
    if membership is None:
        membership = Membership(org_id=org.id, user_id=user.id, role=MANAGER, joined_at=utcnow())
        db.session.add(membership)
    membership.role = MANAGER
    db.session.flush()
    logger.info("user %s is a manager of company %s", user.id, org.id)
    return membership


def invite(
    org: Organisation, by: User, email: str | None = None, *, days: int = INVITATION_DAYS
) -> Invitation:
    """Create an invitation (a link and code); with ``email`` only that address may use it and it is mailed.

    The mail goes out after the flush; the caller commits.
    """
    email = (email or "").strip().lower() or None
    invitation = Invitation(
        org_id=org.id,
        code=secrets.token_urlsafe(16),
        email=email,
        created_by_id=by.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    logger.info("invitation %s for company %s created by user %s", invitation.id, org.id, by.id)
    if email:
        send_invitation(invitation, by)
    return invitation


def send_invitation(invitation: Invitation, by: User) -> None:
    """Mail the invitation link, in the inviting manager's language (the invitee has no account yet)."""
    from app.mail.templates import send_templated
    from app.urls import external_url

    link = external_url("orgs.join_link", code=invitation.code)
    send_templated(
        invitation.email or "",
        by.locale,
        "invitation",
        _l("Invitation to join %(company)s on ChInValue Academy", company=invitation.org.name),
        company=invitation.org.name,
        inviter=by.name,
        link=link,
        code=invitation.code,
        expires_at=invitation.expires_at,
    )


def find_invitation(code: str) -> Invitation | None:
    code = (code or "").strip()
    if not code or len(code) > 64 or not re.fullmatch(r"[A-Za-z0-9_-]+", code):
        return None
    return db.session.scalar(select(Invitation).where(Invitation.code == code))


def check_open(invitation: Invitation | None, now: datetime | None = None) -> Invitation:
    """The invitation if anyone may still use it (for a visitor who has no account yet).

    :raises UnknownInvitation, InvitationUsed, InvitationRevoked, InvitationExpired:
    """
    if invitation is None:
        raise UnknownInvitation()
    state = invitation.state(now or utcnow())
    if state == "used":
        raise InvitationUsed()
    if state == "revoked":
        raise InvitationRevoked()
    if state == "expired":
        raise InvitationExpired()
    return invitation


def check_invitation(invitation: Invitation | None, user: User, now: datetime | None = None) -> Invitation:
    """The invitation if ``user`` may use it now.

    :raises UnknownInvitation, InvitationUsed, InvitationRevoked, InvitationExpired, InvitationForSomeoneElse,
        AlreadyMember, InAnotherCompany:
    """
    invitation = check_open(invitation, now)
    if invitation.email and invitation.email != user.email.lower():
        raise InvitationForSomeoneElse()
    membership = membership_of(user.id)
    if membership is not None:
        if membership.org_id == invitation.org_id:
            raise AlreadyMember()
        raise InAnotherCompany(membership.org.name)
    return invitation


def join(code: str, user: User) -> Membership:
    """Join a company with an invitation code (typed or from the link); the invitation is used up.

    The invitation is claimed by one conditional UPDATE, so of two people sending the same code at the same
    moment exactly one gets in (the other's UPDATE waits for the first to commit, then matches no row).

    :raises OrgError: see ``check_invitation``.
    """
    invitation = check_invitation(find_invitation(code), user)
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_by_id=user.id, used_at=now)
    )
    if claimed.rowcount != 1:
        db.session.refresh(invitation)
        check_invitation(invitation, user, now)  # says what happened in the meantime
        raise InvitationUsed()
    membership = Membership(org_id=invitation.org_id, user_id=user.id, role=MEMBER, joined_at=now)
    db.session.add(membership)
    db.session.flush()
    logger.info("user %s joined company %s (invitation %s)", user.id, invitation.org_id, invitation.id)
    return membership


def revoke_invitation(invitation: Invitation) -> None:
    """Withdraw an unused invitation (a used one stays as it is)."""
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()


def _managers(org_id: int) -> int:
    query = select(func.count(Membership.id)).where(Membership.org_id == org_id, Membership.role == MANAGER)
    return db.session.scalar(query) or 0


def leave(user: User) -> Organisation:
    """Leave one's company; the company no longer sees anything of the person.

    :raises NotAMember, LastManager:
    """
    membership = membership_of(user.id)
    if membership is None:
        raise NotAMember()
    if membership.is_manager and _managers(membership.org_id) <= 1:
        raise LastManager()
    org = membership.org
    db.session.delete(membership)
    db.session.flush()
    logger.info("user %s left company %s", user.id, org.id)
    return org


def move(user: User, org: Organisation, role: str = MEMBER, by_id: int | None = None) -> Membership:
    """Admin: put ``user`` into ``org`` (out of any other company). Consent does not travel: the new company
    sees nothing from before the move and no scores until the person agrees again.

    :param by_id: the admin who moved the person, for the audit log.
    """
    membership = membership_of(user.id)
    previous = db.session.get(Organisation, membership.org_id) if membership is not None else None
    record(
        MEMBER_MOVED, actor_id=by_id, target=f"user:{user.id}",
        **{"from": previous.slug if previous else None, "to": org.slug, "role": role},
    )  # fmt: skip
    if membership is None:
        membership = Membership(user_id=user.id, org_id=org.id)
        db.session.add(membership)
    elif membership.org_id != org.id:
        membership.share_scores = membership.share_history = False
        membership.team = None
    else:
        membership.role = role
        db.session.flush()
        return membership
    membership.org_id, membership.role, membership.joined_at = org.id, role, utcnow()
    db.session.flush()
    logger.info("user %s moved to company %s as %s", user.id, org.id, role)
    return membership


def set_privacy(membership: Membership, *, share_scores: bool, share_history: bool) -> None:
    """The member's choices of what the company sees beyond completion and certificates."""
    membership.share_scores, membership.share_history = bool(share_scores), bool(share_history)
    db.session.flush()
    logger.info("user %s privacy: scores=%s history=%s", membership.user_id, share_scores, share_history)


def set_team(membership: Membership, team: str | None) -> None:
    """A manager tags a member with a team (department); empty removes it."""
    membership.team = (team or "").strip()[:60] or None
    db.session.flush()


def visible_certificate(org_id: int, public_id: str) -> Certificate | None:
    """A certificate of a member of company ``org_id`` that the member lets the company see; else None.

    One check for the dashboard and the HR API: an id from another company looks exactly like an unknown id.
    """
    if len(public_id) > 40:
        return None
    _canonical, certificate = find_certificate(public_id)
    if certificate is None or certificate.user_id is None:
        return None
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == certificate.user_id, Membership.org_id == org_id)
    )
    if membership is None or not certificate_visible(grant_for(membership), certificate):
        return None
    return certificate
