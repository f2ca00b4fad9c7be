"""Rate limits on the invitations the platform mails to outside addresses, per manager and per company.

Without them a manager could make the platform send any number of mails to any addresses. Only invitations
with an address count (a code to pass on sends nothing), and only those actually created: a refused attempt
must not use up the company's budget for its other managers. Settings: INVITATION_RATE_LIMIT and
INVITATION_COMPANY_RATE_LIMIT.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, current_app, g, request
from flask_login import current_user

from app.extensions import limiter
from app.orgs import services
from app.orgs.models import Membership


def _invitation_mailer() -> Membership | None:
    """The manager this request would make the platform mail an invitation for, or None (no address
    given, or not a manager, who gets 403 anyway)."""
    if "invitation_mailer" not in g:
        membership = None
        if (request.form.get("email") or "").strip() or _mail_cost() > 0:
            membership = services.membership_of(current_user.id)
        g.invitation_mailer = membership if membership is not None and membership.is_manager else None
    return g.invitation_mailer


def _mail_cost() -> int:
    """How many mails the request asks for: one per address of a bulk invitation, else one."""
    if "invitation_cost" not in g:
        from app.orgs.bulk import decode_upload, parse_addresses
        from app.orgs.forms import BULK_FILE_MAX

        text = request.form.get("emails") or ""
        upload = request.files.get("upload")
        if upload is not None and upload.filename:
            text += "\n" + decode_upload(upload.stream.read(BULK_FILE_MAX + 1)[:BULK_FILE_MAX])
            upload.stream.seek(0)
        g.invitation_cost = len(parse_addresses(text)[0]) if text.strip() else 0
    return g.invitation_cost


def _sends_no_mail() -> bool:
    return _invitation_mailer() is None


def _per_manager() -> str:
    return f"invitation-mail:manager:{current_user.id}"


def _per_company() -> str:
    mailer = _invitation_mailer()
    return f"invitation-mail:company:{mailer.org_id if mailer else '-'}"


def _created(response: Response) -> bool:
    return response.status_code == 200


def invitation_mail_limits(view: Callable) -> Callable:
    """Apply both limits to a view that creates invitations (inside ``login_required``); a bulk invitation
    counts each address."""
    per_company = limiter.limit(
        lambda: current_app.config["INVITATION_COMPANY_RATE_LIMIT"],
        key_func=_per_company,
        exempt_when=_sends_no_mail,
        deduct_when=_created,
        cost=lambda: max(_mail_cost(), 1),
    )
    per_manager = limiter.limit(
        lambda: current_app.config["INVITATION_RATE_LIMIT"],
        key_func=_per_manager,
        exempt_when=_sends_no_mail,
        deduct_when=_created,
        cost=lambda: max(_mail_cost(), 1),
    )
    return per_manager(per_company(view))
