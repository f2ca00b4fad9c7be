"""Workshop pages: the public calendar, a page per workshop, registration, the participant's own list and
calendar feed, the trainer's check-in page and the room's rotating QR code. Thin views over services."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow, viewer_zone
from app.urls import external_url
from app.workshops import attendance, checkin, ics, notices, services
from app.workshops.editing import may_edit
from app.workshops.errors import AlreadyRegistered, CheckInRefused, NotRegistered, RegistrationClosed
from app.workshops.models import (
    CANCELLED,
    REGISTERED,
    CalendarFeed,
    Registration,
    Workshop,
)
from app.workshops.present import certificate_facts, span, when

bp = Blueprint("workshops", __name__)
MAX_ID = 2**31 - 1
REFUSALS = {
    "not_registered": lambda: _("Only people registered for this workshop can check in."),
    "expired": lambda: _("This check-in code has expired. Scan the code shown in the room now."),
    "not_now": lambda: _("Check-in is open only during the workshop."),
}


def _lang() -> str:
    return str(get_locale() or "de")


def _zone() -> str:
    chosen = current_user.timezone if current_user.is_authenticated else None
    return viewer_zone(chosen, _lang())


bp.add_app_template_global(when, "workshop_when")
bp.add_app_template_global(span, "workshop_span")


@bp.app_template_global("workshop_certificate_facts")
def _certificate_facts(facts: dict) -> list[tuple[str, str]]:
    return certificate_facts(facts, _lang())


def _get(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id) if 0 < workshop_id <= MAX_ID else None
    if workshop is None:
        abort(404)
    return workshop


def _is_staff(workshop: Workshop) -> bool:
    if not current_user.is_authenticated or not current_user.is_trainer:
        return False
    return current_user.is_admin or any(link.user_id == current_user.id for link in workshop.trainers)


@bp.route("/workshops")
def calendar():
    now = utcnow()
    query = select(Workshop).where(Workshop.cancelled_at.is_(None))
    upcoming = db.session.scalars(query.where(Workshop.ends_at >= now).order_by(Workshop.starts_at)).all()
    past = db.session.scalars(query.where(Workshop.ends_at < now).order_by(Workshop.starts_at.desc())).all()
    return render_template(
        "workshops/calendar.html", upcoming=upcoming, past=past, zone=_zone(), lang=_lang()
    )


@bp.route("/workshops/<int(max=2147483647):workshop_id>")
def detail(workshop_id: int):
    workshop = _get(workshop_id)
    registration = (
        services.registration_of(workshop, current_user.id) if current_user.is_authenticated else None
    )
    return render_template(
        "workshops/detail.html", workshop=workshop, registration=registration, zone=_zone(), lang=_lang(),
        is_open=services.open_for_registration(workshop), staff=_is_staff(workshop), REGISTERED=REGISTERED,
        editable=may_edit(current_user, workshop),
        CANCELLED=CANCELLED,
    )  # fmt: skip


@bp.route("/workshops/<int(max=2147483647):workshop_id>/register", methods=["POST"])
@login_required
def register(workshop_id: int):
    workshop = _get(workshop_id)
    try:
        registration = services.register(workshop, current_user)
    except RegistrationClosed:
        flash(_("Registration for this workshop is closed."), "error")
    except AlreadyRegistered:
        flash(_("You are registered for this workshop already."), "info")
    else:
        if registration.status == REGISTERED:
            flash(_("You are registered. A confirmation with a calendar entry is on its way."), "success")
        else:
            flash(_("The workshop is full: you are on the waiting list."), "info")
    return redirect(url_for("workshops.detail", workshop_id=workshop_id))


@bp.route("/workshops/<int(max=2147483647):workshop_id>/cancel", methods=["POST"])
@login_required
def cancel(workshop_id: int):
    workshop = _get(workshop_id)
    registration = services.registration_of(workshop, current_user.id)
    if registration is None:
        abort(404)
    try:
        services.cancel(registration)
    except RegistrationClosed:
        flash(_("Cancellation closed with the registration deadline."), "error")
    except NotRegistered:
        flash(_("This registration is cancelled already."), "info")
    else:
        flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop_id))


@bp.route("/my/workshops")
@login_required
def my_workshops():
    registrations = db.session.scalars(
        select(Registration).where(Registration.user_id == current_user.id, Registration.status != CANCELLED)
    ).all()
    feed = db.session.get(CalendarFeed, current_user.id)
    feed_url = external_url("workshops.feed", token=feed.token) if feed else None
    return render_template(
        "workshops/mine.html", registrations=registrations, feed_url=feed_url, zone=_zone(), lang=_lang()
    )


@bp.route("/my/workshops/feed", methods=["POST"])
@login_required
def new_feed():
    """Create the private feed address, or replace it (the old address stops working)."""
    feed = db.session.get(CalendarFeed, current_user.id)
    if feed is None:
        feed = CalendarFeed(user_id=current_user.id)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    flash(
        _("Your calendar address is ready. Keep it private: anyone with it sees your workshops."), "success"
    )
    return redirect(url_for("workshops.my_workshops"))


@bp.route("/workshops/feed/<token>.ics")
def feed(token: str):
    """A participant's workshops for calendar apps; the token is the only credential."""
    entry = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token[:64])) if token else None
    if entry is None:
        abort(404)
    user = db.session.get(User, entry.user_id)
    lang = user.locale if user.locale in ("de", "en", "zh") else "de"
    rows = db.session.scalars(
        select(Registration).where(Registration.user_id == user.id, Registration.status == REGISTERED)
    ).all()
    events = [
        ics.event(
            row.workshop, lang, notices.domain(),
            external_url("workshops.detail", workshop_id=row.workshop_id), show_link=True,
        )
        for row in rows
    ]  # fmt: skip
    response = Response(ics.calendar(events), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- attendance ------------------------------------------------------------------------------------------


@bp.route("/workshops/<int(max=2147483647):workshop_id>/attendance")
@login_required
def attendance_page(workshop_id: int):
    workshop = _get(workshop_id)
    if not _is_staff(workshop):
        abort(403)
    search = (request.args.get("q") or "").strip()[:100]
    query = (
        select(Registration).join(User, User.id == Registration.user_id)
        .where(Registration.workshop_id == workshop.id, Registration.status == REGISTERED)
        .order_by(User.name)
    )  # fmt: skip
    if search:
        pattern = f"%{search.replace('%', '').replace('_', '')}%"
        query = query.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    return render_template(
        "workshops/attendance.html", workshop=workshop, rows=db.session.scalars(query).all(), search=search,
        lang=_lang(), zone=_zone(),
    )  # fmt: skip


@bp.route(
    "/workshops/<int(max=2147483647):workshop_id>/attendance/<int(max=2147483647):user_id>", methods=["POST"]
)
@login_required
def check_in(workshop_id: int, user_id: int):
    workshop = _get(workshop_id)
    if not _is_staff(workshop):
        abort(403)
    back = url_for("workshops.attendance_page", workshop_id=workshop_id, q=request.args.get("q", ""))
    try:
        registration = attendance.check_in(workshop, user_id, current_user)
    except CheckInRefused as refusal:
        if refusal.reason != "not_now":
            abort(404)
        flash(_("Check-in opens an hour before the workshop starts."), "error")
        return redirect(back)
    flash(_("%(name)s is checked in.", name=registration.user.name), "success")
    return redirect(back)


@bp.route("/workshops/<int(max=2147483647):workshop_id>/room-code")
@login_required
def room_code(workshop_id: int):
    """The QR code for the room's screen; the page reloads itself as the code changes."""
    workshop = _get(workshop_id)
    if not _is_staff(workshop):
        abort(403)
    code = checkin.current_code(current_app.config["SECRET_KEY"], workshop.id, datetime.now(UTC))
    url = external_url("workshops.self_check_in", workshop_id=workshop.id, code=code)
    import segno  # loaded by the first check-in code, not by every `flask` command

    svg = segno.make(url, error="m").svg_inline(scale=8, title=_("Check-in code"))
    return render_template("workshops/room_code.html", workshop=workshop, svg=svg, url=url, lang=_lang())


@bp.route("/workshops/<int(max=2147483647):workshop_id>/check-in", methods=["GET", "POST"])
@login_required
def self_check_in(workshop_id: int):
    workshop = _get(workshop_id)
    code = (request.values.get("code") or "")[:64]
    if request.method == "POST":
        try:
            attendance.self_check_in(workshop, current_user, code)
        except CheckInRefused as refusal:
            flash(REFUSALS[refusal.reason](), "error")
            return render_template("workshops/check_in.html", workshop=workshop, code=code, lang=_lang()), 400
        flash(_("You are checked in. Welcome!"), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop_id))
    return render_template("workshops/check_in.html", workshop=workshop, code=code, lang=_lang())
