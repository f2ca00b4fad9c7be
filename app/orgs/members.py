"""Managers' members page: teams, course assignments with a due day, and reminders of overdue ones.

A nested blueprint of ``orgs`` (endpoints ``orgs.members.*``). Every object is checked against the
manager's own company: another company's member or assignment is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.extensions import db
from app.orgs import assignments, services
from app.orgs.forms import AssignForm, RemindForm, TeamForm, UnassignForm
from app.orgs.guards import manager_membership
from app.orgs.models import Assignment, Membership
from app.orgs.report import all_courses, members_of
from app.timeutil import utcnow

bp = Blueprint("members", __name__)


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "de")


def _assign_form(manager: Membership, members: list[Membership], formdata: object = None) -> AssignForm:
    form = AssignForm(formdata=formdata) if formdata is not None else AssignForm(formdata=None)
    lang = _lang()
    form.course.choices = [("", "—")] + [(c.id, c.title_in(lang)) for c in all_courses()]  # type: ignore[list-item]
    teams = sorted({m.team for m in members if m.team})
    form.team.choices = [("", "—"), ("*", _("All members"))] + [(t, t) for t in teams]
    return form


def _page(manager: Membership, form: AssignForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    members = members_of(manager.org_id)
    views = assignments.assignments_of(manager.org_id, utcnow().date())
    per_user: dict[int, list] = {}
    for view in views:
        per_user.setdefault(view.user.id, []).append(view)
    return render_template(
        "orgs/members.html",
        org=manager.org,
        members=members,
        per_user=per_user,
        views=views,
        form=form or _assign_form(manager, members),
        lang=_lang(),
        unassign_form=UnassignForm(formdata=None),
        team_form=TeamForm(formdata=None),
    ), status


@bp.get("/company/members")
@login_required
def index():
    return _page(manager_membership())


@bp.post("/company/members/<int(max=2147483647):membership_id>/team")
@login_required
def set_team(membership_id: int):
    manager = manager_membership()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.org_id != manager.org_id:
        abort(404)
    form = TeamForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.team.errors) or _("Please try again."), "error")
        return redirect(url_for(".index"))
    services.set_team(membership, form.team.data)
    flash(_("Team saved for %(name)s.", name=membership.user.name), "success")
    return redirect(url_for(".index", _anchor=f"member-{membership.id}"))


@bp.post("/company/assignments")
@login_required
def assign():
    manager = manager_membership()
    members = members_of(manager.org_id)
    form = _assign_form(manager, members, request.form)
    if not form.validate_on_submit():
        return _page(manager, form, 400)
    chosen = {m for m in (form.members.data or []) if isinstance(m, int)}
    if form.team.data == "*":
        chosen |= {m.user_id for m in members}
    elif form.team.data:
        chosen |= {m.user_id for m in members if m.team == form.team.data}
    course = next((c for c in all_courses() if c.id == form.course.data), None)
    count = assignments.assign(manager.org, current_user, course, chosen, form.due_on.data) if chosen else 0
    if not count:
        form.members.errors = [_("Please tick at least one member of your company, or choose a team.")]
        return _page(manager, form, 400)
    flash(
        ngettext(
            "The course is assigned to %(num)d person.", "The course is assigned to %(num)d people.", count
        ),
        "success",
    )
    return redirect(url_for(".index", _anchor="assignments"))


@bp.post("/company/assignments/<int(max=2147483647):assignment_id>/remove")
@login_required
def unassign(assignment_id: int):
    manager = manager_membership()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.org_id != manager.org_id:
        abort(404)
    if not UnassignForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for(".index"))
    assignments.unassign(assignment)
    flash(_("The assignment was removed."), "success")
    return redirect(url_for(".index", _anchor="assignments"))


@bp.post("/company/assignments/remind")
@login_required
def remind():
    manager = manager_membership()
    if not RemindForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("orgs.dashboard"))
    sent = assignments.send_reminders(assignments.assignments_of(manager.org_id, utcnow().date()))
    if sent:
        flash(ngettext("%(num)d reminder was sent.", "%(num)d reminders were sent.", sent), "success")
    else:
        flash(_("Nobody needed a reminder (each person gets at most one a day)."), "success")
    return redirect(url_for("orgs.dashboard", _anchor="overdue"))
