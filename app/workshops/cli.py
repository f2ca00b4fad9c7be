"""``flask workshops``: create and list workshops, attendance as CSV, check-in and the day-before reminder."""

from __future__ import annotations

import csv
import sys
from datetime import datetime, timedelta
from typing import NoReturn

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.timeutil import in_zone, utcnow
from app.workshops import attendance, notices, services
from app.workshops.errors import CheckInRefused, WorkshopError
from app.workshops.models import CERTIFICATE_PATH, PREPARE, REGISTERED, Registration, Workshop


def _fail(message: str) -> NoReturn:
    """Print ``error: message`` to stderr and exit with status 1 (nothing was changed)."""
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


def _when(option: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        _fail(f"{option}: {value!r} is not a date and time like 2027-03-10T09:00")


def _workshop(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        _fail(f"no workshop with id {workshop_id}")
    return workshop


@click.group("workshops", cls=AppGroup)
def workshops_cli() -> None:
    """Manage workshops: the live half of the series."""


@workshops_cli.command("create")
@click.option("--title-de", default="")
@click.option("--title-en", default="")
@click.option("--title-zh", default="")
@click.option("--starts", required=True, help="local start, e.g. 2027-03-10T09:00")
@click.option("--ends", required=True, help="local end, e.g. 2027-03-10T17:00")
@click.option("--tz", "zone_name", required=True, help="IANA time zone, e.g. Europe/Berlin")
@click.option("--capacity", type=int, required=True)
@click.option(
    "--course", "courses", multiple=True, help="slug of a linked course (prepare and certificate path)"
)
@click.option("--venue", default=None)
@click.option("--online-url", default=None)
@click.option("--hours", type=float, default=None, help="CPD hours")
@click.option("--deadline", default=None, help="registration deadline (local), default: the start")
@click.option("--trainer", "trainers", multiple=True, help="e-mail address of a trainer")
def create(title_de, title_en, title_zh, starts, ends, zone_name, capacity, courses, venue, online_url,
           hours, deadline, trainers) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """Create a workshop; prints its id on the last line."""
    linked = []
    for slug in courses:
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        if course is None:
            _fail(f"--course: no course {slug!r} (import it with `flask courses import`)")
        linked.append(course)
    people = []
    for email in trainers:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None or not user.is_trainer:
            _fail(f"--trainer: {email!r} is not a trainer's account")
        people.append(user)
    fmt = "hybrid" if venue and online_url else "online" if online_url else "on_site"
    plan = services.Plan(
        title={"de": title_de, "en": title_en, "zh": title_zh}, starts=_when("--starts", starts),
        ends=_when("--ends", ends), timezone=zone_name, capacity=capacity, format=fmt, venue=venue,
        online_url=online_url, deadline=_when("--deadline", deadline), cpd_hours=hours,
        courses={PREPARE: linked, CERTIFICATE_PATH: linked}, trainers=people,
    )  # fmt: skip
    try:
        workshop = services.create_workshop(plan)
    except WorkshopError as error:
        db.session.rollback()
        _fail(str(error))
    click.echo(f"created workshop {workshop.title_in('en')!r} ({workshop.timezone})")
    click.echo(workshop.id)


@workshops_cli.command("list")
def list_workshops() -> None:
    """Every workshop: id, start in its own zone, seats taken/capacity, title."""
    for workshop in db.session.scalars(select(Workshop).order_by(Workshop.starts_at)):
        start = in_zone(workshop.starts_at, workshop.timezone)
        state = " (called off)" if workshop.cancelled_at else ""
        click.echo(
            f"{workshop.id}\t{start:%Y-%m-%d %H:%M} {workshop.timezone}\t"
            f"{workshop.registered_count}/{workshop.capacity}\t{workshop.title_in('en')}{state}"
        )


@workshops_cli.command("attendance")
@click.argument("workshop_id", type=int)
def attendance_csv(workshop_id: int) -> None:
    """Registrants and their attendance as CSV (no-shows are recorded once the workshop has ended)."""
    workshop = _workshop(workshop_id)
    attendance.record_no_shows(workshop)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["email", "name", "status", "waitlist_position", "attendance", "checked_in_at_utc"])
    for registration in services.registrations(workshop):
        writer.writerow([
            registration.user.email, registration.user.name, registration.status, registration.position or "",
            registration.attendance or "",
            registration.checked_in_at.isoformat(timespec="seconds") if registration.checked_in_at else "",
        ])  # fmt: skip


@workshops_cli.command("check-in")
@click.argument("workshop_id", type=int)
@click.option("--email", required=True)
def check_in(workshop_id: int, email: str) -> None:
    """Record that the registrant with EMAIL attended."""
    workshop = _workshop(workshop_id)
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _fail(f"--email: no account {email!r}")
    try:
        attendance.check_in(workshop, user.id, None)
    except CheckInRefused as refusal:
        if refusal.reason == "not_now":
            _fail(f"workshop {workshop_id}: check-in opens an hour before the start")
        _fail(f"--email: {email!r} holds no seat in workshop {workshop_id}")
    click.echo(f"checked in {user.email}")


@workshops_cli.command("remind")
def remind() -> None:
    """Mail the day-before reminder for workshops that start in 24 to 48 hours (run once a day by cron)."""
    now = utcnow()
    upcoming = db.session.scalars(
        select(Workshop).where(
            Workshop.cancelled_at.is_(None),
            Workshop.starts_at >= now + timedelta(hours=24),
            Workshop.starts_at < now + timedelta(hours=48),
        )
    )
    sent = 0
    for workshop in upcoming:
        for registration in db.session.scalars(
            select(Registration).where(
                Registration.workshop_id == workshop.id, Registration.status == REGISTERED
            )
        ):
            notices.queue(notices.REMINDER, registration)
            sent += 1
    click.echo(f"{sent} reminder(s) sent")
