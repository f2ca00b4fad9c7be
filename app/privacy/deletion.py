"""Deleting an account at the holder's request (what happens to which table is explained in docs/privacy.md).

Deleted: the account, its sign-in sessions (ended first, so the audit log says why), course and module
progress, every quiz attempt with its answers, the company membership (with the privacy choices) and
trainer assignments. Kept without the person: certificates (name, Chinese name and PDF removed, so that
verification still confirms what was issued), drafts and revisions they wrote in the course editor,
invitations and API tokens they created or used, and the audit log (with their link, their IP addresses and
their e-mail address removed).

Plain functions: explicit arguments, flush, raise ``DeletionRefused``; the caller commits, and logs out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, delete, func, or_, select, update

from app.audit.models import ACCOUNT_DELETED, AuditEvent
from app.audit.services import record
from app.auth.models import Role, User
from app.auth.passwords import verify_password
from app.auth.services import admin_count, normalise_email
from app.authoring.models import Draft
from app.certificates.models import Certificate
from app.courses.models import CourseTrainer, ModuleRevision, QuizRevision
from app.extensions import db
from app.hrapi.models import ApiToken
from app.orgs.models import MANAGER, Invitation, Membership, Organisation
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt, QuizOverride
from app.sessions import services as sessions
from app.sessions.models import ACCOUNT_DELETED as ACCOUNT_DELETED_CAUSE
from app.sessions.models import UserSession
from app.timeutil import utcnow

logger = logging.getLogger(__name__)


class DeletionRefused(Exception):
    """The account was not deleted; ``message`` tells the person why, ``field`` names the form field."""

    message: object = _l("Your account could not be deleted.")
    field: str | None = None

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or type(self).__name__)


class WrongPassword(DeletionRefused):
    message = _l("This is not your current password.")
    field = "password"


class ConfirmationMismatch(DeletionRefused):
    message = _l("Please type your e-mail address exactly as shown to confirm.")
    field = "confirmation"


class LastAdmin(DeletionRefused):
    message = _l(
        "You are the last administrator. Make someone else an administrator first, then delete your account."
    )


@dataclass(frozen=True)
class Consequences:
    """What deleting the account would change beyond the person's own data (shown before they confirm)."""

    certificates: int
    is_last_admin: bool
    #: The company the person is the last manager of (it keeps existing without a manager), or None.
    company_left_without_manager: Organisation | None


def consequences(user: User) -> Consequences:
    """What deleting ``user`` would do to certificates, administration and their company."""
    certificates = db.session.scalar(select(func.count(Certificate.id)).where(Certificate.user_id == user.id))
    return Consequences(
        certificates=certificates or 0,
        is_last_admin=user.role == Role.ADMIN.value and admin_count() <= 1,
        company_left_without_manager=_last_managed_company(user.id),
    )


def _last_managed_company(user_id: int) -> Organisation | None:
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user_id))
    if membership is None or membership.role != MANAGER:
        return None
    managers = db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.org_id == membership.org_id, Membership.role == MANAGER
        )
    )
    return membership.org if (managers or 0) <= 1 else None


def confirmation_matches(user: User, typed: str | None) -> bool:
    """Whether ``typed`` is the account's e-mail address (case and surrounding spaces do not matter)."""
    return bool(typed) and normalise_email(typed or "") == user.email


def delete_account(user: User, password: str, confirmation: str) -> int:
    """Delete ``user`` and their personal data; returns the number of certificates kept without the name.

    :param password: the account's current password, as typed.
    :param confirmation: the account's e-mail address, as typed.
    :raises WrongPassword, ConfirmationMismatch, LastAdmin: nothing is changed then.
    """
    if not verify_password(user.password_hash, password or ""):
        raise WrongPassword()
    if not confirmation_matches(user, confirmation):
        raise ConfirmationMismatch()
    facts = consequences(user)
    if facts.is_last_admin:
        raise LastAdmin()
    user_id = user.id
    sessions.end_all(user_id, ACCOUNT_DELETED_CAUSE, actor_id=user_id)  # audited, then scrubbed below
    kept = erase_certificate_holder(user_id)
    for model in (
        QuizOverride,
        QuizAttempt,
        ModuleProgress,
        CourseProgress,
        Membership,
        CourseTrainer,
        UserSession,
    ):
        db.session.execute(delete(model).where(model.user_id == user_id))
    _detach(user_id)
    _scrub_audit_log(user)
    orphaned = facts.company_left_without_manager
    record(
        ACCOUNT_DELETED,
        target=f"user:{user_id}",
        certificates_kept=kept,
        **({"company_without_manager": orphaned.slug} if orphaned else {}),
    )
    db.session.delete(user)
    db.session.flush()
    logger.info("user %s deleted their account (%s certificates kept without the name)", user_id, kept)
    if orphaned is not None:
        logger.warning("company %s has no manager since user %s deleted their account", orphaned.id, user_id)
    return kept


def erase_certificate_holder(user_id: int) -> int:
    """Remove the holder from their certificates: name, Chinese name, stored PDF and the link to the account.

    Id, course, dates, score, status and the PDF's SHA-256 stay, so verification by id and by upload still
    confirms the certificate was issued. The active marker goes too (it carries the account id, which SQLite
    may hand to a new account). Returns the number of certificates.
    """
    result = db.session.execute(
        update(Certificate)
        .where(Certificate.user_id == user_id)
        .values(user_id=None, name=None, name_zh=None, pdf=None, active_key=None, holder_erased_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _detach(user_id: int) -> None:
    """Rows that belong to the course or the company stay; only the link to the person goes."""
    for model, column in (
        (Certificate, Certificate.issued_by_id),
        (Draft, Draft.author_id),
        (ModuleRevision, ModuleRevision.author_id),
        (QuizRevision, QuizRevision.author_id),
        (ApiToken, ApiToken.created_by_id),
        (Invitation, Invitation.created_by_id),
    ):
        db.session.execute(
            update(model)
            .where(column == user_id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    # The invitation they used was addressed to them: its address goes with the link.
    db.session.execute(
        update(Invitation)
        .where(Invitation.used_by_id == user_id)
        .values(used_by_id=None, email=None)
        .execution_options(synchronize_session=False)
    )


def _scrub_audit_log(user: User) -> None:
    """Keep the events (the security record), without the person: no link, no IP address, no e-mail address.

    Events about the account keep "user:<id>", a number that no longer leads to anyone.
    """
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.actor_id == user.id)
        .values(actor_id=None, ip=None)
        .execution_options(synchronize_session=False)
    )
    mentioning = select(AuditEvent).where(
        or_(
            AuditEvent.target == f"user:{user.id}",
            cast(AuditEvent.details, String).contains(user.email, autoescape=True),
        )
    )
    for event in db.session.scalars(mentioning):
        details = dict(event.details or {})
        cleaned = {
            key: "[deleted]" if isinstance(value, str) and normalise_email(value) == user.email else value
            for key, value in details.items()
        }
        if cleaned != details:
            event.details = cleaned
