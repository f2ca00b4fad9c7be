"""The company manager's workshop page: register members, see their registrations and attendance.

Only the manager's own company: a member id or registration id from elsewhere is answered like an
unknown one (404), and non-managers get 403 (orgs.guards).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.orgs.guards import manager_membership
from app.orgs.models import Membership
from app.timeutil import utcnow, viewer_zone
from app.workshops import company
from app.workshops.errors import AlreadyRegistered, NotRegistered, RegistrationClosed
from app.workshops.forms import RegisterMemberForm
from app.workshops.models import REGISTERED, Workshop

bp = Blueprint("company_workshops", __name__)


def _lang() -> str:
    return str(get_locale() or "de")


def _form(manager: Membership) -> RegisterMemberForm:
    form = RegisterMemberForm()
    lang = _lang()
    form.member.choices = [
        SelectChoice(m.user_id, f"{m.user.name} <{m.user.email}>") for m in company.members(manager)
    ]
    open_workshops = db.session.scalars(
        select(Workshop)
        .where(Workshop.cancelled_at.is_(None), Workshop.registration_deadline >= utcnow())
        .order_by(Workshop.starts_at)
    )
    form.workshop.choices = [SelectChoice(w.id, w.title_in(lang)) for w in open_workshops]
    return form


def _page(manager: Membership, form: RegisterMemberForm, status: int = 200):  # type: ignore[no-untyped-def]
    return (
        render_template(
            "workshops/company.html", form=form, seen=company.seen_registrations(manager), org=manager.org,
            lang=_lang(), zone=viewer_zone(current_user.timezone, _lang()), REGISTERED=REGISTERED,
        ),
        status,
    )  # fmt: skip


@bp.get("/company/workshops")
@login_required
def index():
    manager = manager_membership()
    return _page(manager, _form(manager))


@bp.post("/company/workshops")
@login_required
def register():
    manager = manager_membership()
    form = _form(manager)
    if not form.validate_on_submit():
        return _page(manager, form, 400)
    workshop = db.session.get(Workshop, form.workshop.data)
    try:
        registration = company.register_member(manager, workshop, form.member.data)
    except company.NotYourMember:
        abort(404)
    except RegistrationClosed:
        form.workshop.errors = [_("Registration for this workshop is closed.")]
        return _page(manager, form, 400)
    except AlreadyRegistered:
        form.member.errors = [_("This person is registered for the workshop already.")]
        return _page(manager, form, 400)
    if registration.status == REGISTERED:
        flash(
            _("%(name)s is registered and receives a confirmation.", name=registration.user.name), "success"
        )
    else:
        flash(
            _("The workshop is full: %(name)s is on the waiting list.", name=registration.user.name), "info"
        )
    return redirect(url_for(".index"))


@bp.post("/company/workshops/registrations/<int(max=2147483647):registration_id>/cancel")
@login_required
def cancel(registration_id: int):
    manager = manager_membership()  # the form's CSRF token is checked by CSRFProtect for every POST
    try:
        company.cancel_for_member(manager, registration_id)
    except company.NotYourMember:
        abort(404)
    except (RegistrationClosed, NotRegistered):
        flash(_("This registration can no longer be cancelled."), "error")
        return redirect(url_for(".index"))
    flash(_("The registration is cancelled."), "success")
    return redirect(url_for(".index"))
