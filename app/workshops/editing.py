"""Creating, editing and calling off workshops in the browser: admins for any workshop, trainers for the
workshops of courses they manage. Thin views: the form, one service call, its refusal next to the field."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.auth.models import Role, User
from app.courses.access import can_manage, managed_courses
from app.extensions import db
from app.timeutil import in_zone, zone_choices
from app.workshops import services
from app.workshops.errors import WorkshopError
from app.workshops.forms import CallOffForm, WorkshopForm
from app.workshops.messages import field_error
from app.workshops.models import CERTIFICATE_PATH, PREPARE, Workshop

bp = Blueprint("workshop_editing", __name__)
MAX_ID = 2**31 - 1


def may_edit(user: User, workshop: Workshop) -> bool:
    """Admins always; a trainer when they manage every course the workshop is linked to (and there is one)."""
    if not user.is_authenticated or not user.is_trainer:
        return False
    if user.is_admin:
        return True
    courses = [link.course for link in workshop.courses]
    return bool(courses) and all(can_manage(user, course) for course in courses)


def _choices(form: WorkshopForm) -> None:
    """Courses the user may link (plus those linked already, for admins), and every trainer account."""
    courses = managed_courses(current_user)
    lang = str(get_locale() or "de")
    options = [SelectChoice(course.id, course.title_in(lang)) for course in courses]
    form.certificate_course.choices = [SelectChoice(0, _("— none —"))] * current_user.is_admin + options
    form.prepare_courses.choices = options
    people = db.session.scalars(
        select(User).where(User.role.in_((Role.TRAINER, Role.ADMIN))).order_by(User.name)
    ).all()
    form.trainers.choices = [SelectChoice(person.id, person.name) for person in people]


def _fill(form: WorkshopForm, workshop: Workshop) -> None:
    for lang in services.LANGS:
        getattr(form, f"title_{lang}").data = workshop.title.get(lang, "")
        getattr(form, f"description_{lang}").data = workshop.description.get(lang, "")
    form.format.data, form.venue.data, form.online_url.data = (
        workshop.format,
        workshop.venue,
        workshop.online_url,
    )
    form.starts.process_data(in_zone(workshop.starts_at, workshop.timezone).replace(tzinfo=None))
    form.ends.process_data(in_zone(workshop.ends_at, workshop.timezone).replace(tzinfo=None))
    if workshop.registration_deadline != workshop.starts_at:
        form.deadline.process_data(
            in_zone(workshop.registration_deadline, workshop.timezone).replace(tzinfo=None)
        )
    form.timezone.data, form.capacity.data = workshop.timezone, workshop.capacity
    form.cpd_hours.data = workshop.cpd_hours
    certificate = workshop.courses_for(CERTIFICATE_PATH)
    form.certificate_course.data = certificate[0].id if certificate else 0
    form.prepare_courses.data = [course.id for course in workshop.courses_for(PREPARE)]
    form.trainers.data = [link.user_id for link in workshop.trainers]


def _plan(form: WorkshopForm) -> services.Plan:
    allowed = {course.id: course for course in managed_courses(current_user)}
    certificate = [allowed[form.certificate_course.data]] if form.certificate_course.data in allowed else []
    prepare = [allowed[course_id] for course_id in form.prepare_courses.data or [] if course_id in allowed]
    trainers = [db.session.get(User, user_id) for user_id in form.trainers.data or []]
    if not current_user.is_admin and not trainers:
        trainers = [current_user]
    return services.Plan(
        title={lang: getattr(form, f"title_{lang}").data or "" for lang in services.LANGS},
        description={lang: getattr(form, f"description_{lang}").data or "" for lang in services.LANGS},
        starts=form.starts.moment, ends=form.ends.moment, timezone=form.timezone.data.strip(),
        capacity=form.capacity.data, format=form.format.data, venue=form.venue.data,
        online_url=(form.online_url.data or "").strip() or None, deadline=form.deadline.moment,
        cpd_hours=float(form.cpd_hours.data) if form.cpd_hours.data is not None else None,
        courses={CERTIFICATE_PATH: certificate, PREPARE: prepare or certificate},
        trainers=[person for person in trainers if person is not None and person.is_trainer],
    )  # fmt: skip


def _save(form: WorkshopForm, workshop: Workshop | None) -> Workshop | None:
    """Create or update from a valid form; a refusal goes next to its field and nothing is changed."""
    plan = _plan(form)
    if not current_user.is_admin and not plan.courses[CERTIFICATE_PATH]:
        form.certificate_course.errors = [_("Please choose one of your courses.")]
        return None
    try:
        if workshop is None:
            return services.create_workshop(plan)
        services.update_workshop(workshop, plan)
        return workshop
    except WorkshopError as error:
        db.session.rollback()
        name, message = field_error(error)
        target = getattr(form, name) if name else form.submit
        target.errors = [*target.errors, message]
        return None


def _page(form: WorkshopForm, workshop: Workshop | None, status: int = 200):  # type: ignore[no-untyped-def]
    call_off = CallOffForm(prefix="off") if workshop is not None and workshop.cancelled_at is None else None
    return (
        render_template(
            "workshops/edit.html",
            form=form,
            workshop=workshop,
            zones=zone_choices(),
            call_off=call_off,
            lang=str(get_locale() or "de"),
        ),
        status,
    )


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def create():
    if not current_user.is_trainer:
        abort(403)
    form = WorkshopForm()
    _choices(form)
    if form.validate_on_submit():
        workshop = _save(form, None)
        if workshop is not None:
            flash(_("The workshop is published."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return _page(form, None, 400 if form.is_submitted() else 200)


def _editable(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id) if 0 < workshop_id <= MAX_ID else None
    if workshop is None:
        abort(404)
    if not may_edit(current_user, workshop):
        abort(403)
    return workshop


@bp.route("/workshops/<int(max=2147483647):workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int):
    workshop = _editable(workshop_id)
    form = WorkshopForm()
    _choices(form)
    if not form.is_submitted():
        _fill(form, workshop)
    elif workshop.cancelled_at is not None:
        flash(_("This workshop has been called off and can no longer be changed."), "error")
    elif form.validate():
        if _save(form, workshop) is not None:
            flash(_("The workshop is saved; registered participants are told of the change."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return _page(form, workshop, 400 if form.is_submitted() else 200)


@bp.route("/workshops/<int(max=2147483647):workshop_id>/call-off", methods=["POST"])
@login_required
def call_off(workshop_id: int):
    workshop = _editable(workshop_id)
    form = CallOffForm(prefix="off")
    if workshop.cancelled_at is not None:
        flash(_("This workshop has been called off already."), "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    if not form.validate_on_submit() or form.confirm.data.strip() != str(workshop.id):
        flash(_("Please type the workshop's id to confirm."), "error")
        return redirect(url_for(".edit", workshop_id=workshop.id))
    services.cancel_workshop(workshop)
    flash(_("The workshop is called off; everyone registered or waiting is told."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))
