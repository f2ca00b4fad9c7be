"""Admin pages for companies: the list and one company's page, create one, appoint a manager, move a person."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from app.auth.access import admin_required
from app.auth.models import User
from app.extensions import db
from app.orgs import services
from app.orgs.forms import ROLE_LABELS, AddManagerForm, CreateOrgForm, MoveForm
from app.orgs.models import MANAGER, Invitation, Membership, Organisation
from app.timeutil import utcnow

bp = Blueprint("orgs_admin", __name__, url_prefix="/admin/companies")


def _orgs() -> list[tuple[Organisation, int, int]]:
    """Every company with its number of members and managers."""
    managers = func.sum(func.cast(Membership.role == MANAGER, db.Integer))
    query = (
        select(Organisation, func.count(Membership.id), func.coalesce(managers, 0))
        .outerjoin(Membership, Membership.org_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    )
    return [tuple(row) for row in db.session.execute(query)]  # type: ignore[misc]


def _move_form(formdata=True) -> MoveForm:  # type: ignore[no-untyped-def]
    form = MoveForm() if formdata else MoveForm(formdata=None)
    form.org.choices = [
        (org.id, org.name) for org in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    form.role.choices = [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]
    return form


def _page(create=None, manager=None, move=None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "orgs/admin.html",
        orgs=_orgs(),
        create_form=create or CreateOrgForm(formdata=None),
        manager_form=manager or AddManagerForm(formdata=None),
        move_form=move or _move_form(formdata=False),
    ), status


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))


@bp.get("")
@admin_required
def index():
    return _page()


@bp.post("")
@admin_required
def create():
    form = CreateOrgForm()
    if not form.validate_on_submit():
        return _page(create=form, status=400)
    try:
        org = services.create_org(form.name.data)
    except services.OrgError as error:
        form.name.errors = [str(error.message)]
        return _page(create=form, status=400)
    flash(_("The company %(company)s was created.", company=org.name), "success")
    return redirect(url_for("orgs_admin.index"))


@bp.post("/<int(max=2147483647):org_id>/managers")
@admin_required
def add_manager(org_id: int):
    org = db.get_or_404(Organisation, org_id)
    form = AddManagerForm()
    if not form.validate_on_submit():
        return _page(manager=form, status=400)
    user = _user(form.email.data)
    if user is None:
        form.email.errors = [_("Nobody is registered with this e-mail address.")]
        return _page(manager=form, status=400)
    try:
        services.add_manager(org, user)
    except services.InAnotherCompany as error:
        form.email.errors = [
            _("%(name)s belongs to %(company)s. Move them first.", name=user.name, company=error.org_name)
        ]
        return _page(manager=form, status=400)
    flash(_("%(name)s now manages %(company)s.", name=user.name, company=org.name), "success")
    return redirect(url_for("orgs_admin.index"))


@bp.post("/move")
@admin_required
def move():
    form = _move_form()
    if not form.validate_on_submit():
        return _page(move=form, status=400)
    user = _user(form.email.data)
    if user is None:
        form.email.errors = [_("Nobody is registered with this e-mail address.")]
        return _page(move=form, status=400)
    org = db.session.get(Organisation, form.org.data)
    if org is None:
        form.org.errors = [_("Please choose a company.")]
        return _page(move=form, status=400)
    services.move(user, org, form.role.data, by_id=current_user.id)
    flash(_("%(name)s now belongs to %(company)s.", name=user.name, company=org.name), "success")
    return redirect(url_for("orgs_admin.index"))


@bp.get("/<int(max=2147483647):org_id>")
@admin_required
def company(org_id: int):
    """One company: its people (with links to their admin page), open invitations and overdue assignments."""
    from flask import abort

    from app.orgs.assignments import assignments_of
    from app.orgs.report import members_of

    org = db.session.get(Organisation, org_id) or abort(404)
    today = utcnow().date()
    invitations = db.session.scalar(
        select(func.count(Invitation.id)).where(
            Invitation.org_id == org.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    overdue = [v for v in assignments_of(org.id, today) if v.overdue]
    return render_template(
        "orgs/admin_company.html",
        org=org,
        members=members_of(org.id),
        open_invitations=invitations,
        overdue=overdue,
    )
