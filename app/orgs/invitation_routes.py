"""Managers' invitations: one by one (with or without an address), in bulk (pasted or uploaded), withdrawn.

Every invitation is checked against the manager's own company: another company's is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.orgs import services
from app.orgs.blueprint import bp
from app.orgs.bulk import decode_upload, parse_addresses
from app.orgs.forms import BULK_FILE_MAX, BULK_MAX, BulkInviteForm, InviteForm, RevokeInvitationForm
from app.orgs.guards import manager_membership
from app.orgs.invitation_limits import invitation_mail_limits
from app.orgs.models import Invitation, Membership
from app.timeutil import utcnow
from app.urls import external_url

# -- managers: invitations -----------------------------------------------------------------------------


def _invitations_page(
    manager: Membership,
    form: InviteForm,
    status: int = 200,
    created: Invitation | None = None,
    bulk_form: BulkInviteForm | None = None,
):  # type: ignore[no-untyped-def]
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.org_id == manager.org_id)
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
            .limit(200)
        )
    )
    used_by = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_([i.used_by_id for i in invitations if i.used_by_id]))
        )
    }
    return render_template(
        "orgs/invitations.html",
        org=manager.org,
        form=form,
        invitations=invitations,
        used_by=used_by,
        created=created,
        created_link=external_url("orgs.join_link", code=created.code) if created else None,
        now=utcnow(),
        revoke_form=RevokeInvitationForm(formdata=None),
        bulk_form=bulk_form or BulkInviteForm(formdata=None),
    ), status


@bp.get("/company/invitations")
@login_required
def invitations():
    manager = manager_membership()
    return _invitations_page(manager, InviteForm(formdata=None))


@bp.post("/company/invitations")
@login_required
@invitation_mail_limits
def create_invitation():
    manager = manager_membership()
    form = InviteForm()
    if not form.validate_on_submit():
        return _invitations_page(manager, form, 400)
    invitation = services.invite(manager.org, current_user, form.email.data or None)
    if invitation.email:
        flash(_("The invitation was sent to %(email)s.", email=invitation.email), "success")
    else:
        flash(_("A new invitation is ready: pass on the link or the code."), "success")
    return _invitations_page(manager, InviteForm(formdata=None), created=invitation)


@bp.post("/company/invitations/bulk")
@login_required
@invitation_mail_limits
def bulk_invitations():
    """One personal invitation, mailed, for each address pasted or in the uploaded list."""
    manager = manager_membership()
    form = BulkInviteForm()
    if not form.validate_on_submit():
        return _invitations_page(manager, InviteForm(formdata=None), 400, bulk_form=form)
    text = form.emails.data or ""
    if form.upload.data and getattr(form.upload.data, "filename", None):
        raw = form.upload.data.read(BULK_FILE_MAX + 1)
        if len(raw) > BULK_FILE_MAX:
            form.upload.errors = [_("The file is too large: at most %(kb)d KB.", kb=BULK_FILE_MAX // 1024)]
            return _invitations_page(manager, InviteForm(formdata=None), 400, bulk_form=form)
        text += "\n" + decode_upload(raw)
    valid, invalid = parse_addresses(text)
    problem = None
    if invalid:
        problem = _(
            "These entries are not valid e-mail addresses: %(entries)s", entries=", ".join(invalid[:10])
        )
    elif not valid:
        problem = _("No e-mail address found. Paste addresses or choose a file with addresses.")
    elif len(valid) > BULK_MAX:
        problem = _(
            "At most %(max)d addresses at once, please (this list has %(num)d).", max=BULK_MAX, num=len(valid)
        )
    if problem:
        form.emails.errors = [problem]
        return _invitations_page(manager, InviteForm(formdata=None), 400, bulk_form=form)
    for address in valid:
        services.invite(manager.org, current_user, address)
    flash(
        ngettext("%(num)d invitation was sent.", "%(num)d invitations were sent.", len(valid)),
        "success",
    )
    return _invitations_page(manager, InviteForm(formdata=None))


@bp.post("/company/invitations/<int(max=2147483647):invitation_id>/revoke")
@login_required
def revoke_invitation(invitation_id: int):
    manager = manager_membership()
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.org_id != manager.org_id:
        abort(404)
    if not RevokeInvitationForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("orgs.invitations"))
    services.revoke_invitation(invitation)
    flash(_("The invitation was withdrawn."), "success")
    return redirect(url_for("orgs.invitations"))
