"""Creating and changing workshops, registering, cancelling and the waiting list.

Plain functions with explicit arguments: they flush and raise domain errors (errors.py); the caller
commits. Mail is queued with ``notices.queue`` and goes out only once the transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.timeutil import UnknownZone, to_utc, utcnow, zone
from app.workshops import notices
from app.workshops.errors import (
    AlreadyRegistered,
    BadCapacity,
    BadInput,
    BadTimes,
    NotRegistered,
    RegistrationClosed,
)
from app.workshops.models import (
    CANCELLED,
    CERTIFICATE_PATH,
    FORMATS,
    PREPARE,
    REGISTERED,
    WAITLISTED,
    Registration,
    Workshop,
    WorkshopCourse,
    WorkshopTrainer,
)

LANGS = ("de", "en", "zh")


@dataclass
class Plan:
    """What a workshop is to be: wall-clock times in ``timezone``; None keeps a value when editing."""

    title: dict[str, str]
    starts: datetime
    ends: datetime
    timezone: str
    capacity: int
    format: str = "on_site"
    description: dict[str, str] = field(default_factory=dict)
    venue: str | None = None
    online_url: str | None = None
    deadline: datetime | None = None
    cpd_hours: float | None = None
    courses: dict[str, list[Course]] = field(default_factory=dict)
    trainers: list[User] = field(default_factory=list)


def _check(plan: Plan, registered: int = 0) -> None:
    """:raises WorkshopError: for anything a workshop cannot be."""
    if not any((plan.title.get(lang) or "").strip() for lang in LANGS):
        raise BadInput("A workshop needs a title.", "no_title")
    try:
        zone(plan.timezone)
    except UnknownZone:
        raise BadInput(
            f"Unknown time zone {plan.timezone!r}; use an IANA name such as Europe/Berlin.",
            "unknown_zone",
            zone=plan.timezone,
        ) from None
    if plan.ends <= plan.starts:
        raise BadTimes("The workshop must end after it starts.", "end_before_start")
    if plan.deadline is not None and plan.deadline > plan.starts:
        raise BadTimes("The registration deadline must not be after the start.", "deadline_after_start")
    if plan.format not in FORMATS:
        raise BadInput(f"Unknown format {plan.format!r}; use one of {', '.join(FORMATS)}.", "bad_format")
    if plan.capacity < 1 or plan.capacity > 10_000:
        raise BadCapacity("The capacity must be between 1 and 10000.", "capacity_range")
    if plan.capacity < registered:
        raise BadCapacity(
            f"The capacity cannot be below the {registered} people already registered.",
            "capacity_below",
            count=registered,
        )
    if plan.cpd_hours is not None and not 0 <= plan.cpd_hours <= 200:
        raise BadInput("CPD hours must be between 0 and 200.", "hours_range")
    if plan.online_url and not plan.online_url.startswith(("https://", "http://")):
        raise BadInput("The online link must start with https://.", "bad_url")
    if plan.format in ("online", "hybrid") and not plan.online_url:
        raise BadInput("An online or hybrid workshop needs an online link.", "needs_url")
    if plan.format in ("on_site", "hybrid") and not (plan.venue or "").strip():
        raise BadInput("An on-site or hybrid workshop needs a venue.", "needs_venue")


def _apply(workshop: Workshop, plan: Plan) -> None:
    workshop.title = {
        lang: plan.title[lang].strip() for lang in LANGS if (plan.title.get(lang) or "").strip()
    }
    workshop.description = {
        lang: plan.description[lang].strip() for lang in LANGS if (plan.description.get(lang) or "").strip()
    }
    workshop.format = plan.format
    workshop.venue = (plan.venue or "").strip() or None
    workshop.online_url = plan.online_url or None
    workshop.starts_at = to_utc(plan.starts, plan.timezone)
    workshop.ends_at = to_utc(plan.ends, plan.timezone)
    workshop.timezone = plan.timezone
    workshop.capacity = plan.capacity
    workshop.registration_deadline = to_utc(plan.deadline or plan.starts, plan.timezone)
    workshop.cpd_hours = plan.cpd_hours
    # Keep the links that stay: the unit of work inserts before it deletes, so a new row with the same
    # (workshop, course, role) as a removed one would break the unique constraint.
    links = {(link.course_id, link.role): link for link in workshop.courses}
    workshop.courses = [
        links.get((course.id, role)) or WorkshopCourse(course_id=course.id, role=role)
        for role in (PREPARE, CERTIFICATE_PATH)
        for course in dict.fromkeys(plan.courses.get(role, []))
    ]
    people = {link.user_id: link for link in workshop.trainers}
    workshop.trainers = [
        people.get(user.id) or WorkshopTrainer(user_id=user.id) for user in dict.fromkeys(plan.trainers)
    ]


def create_workshop(plan: Plan) -> Workshop:
    """A new workshop.

    :raises WorkshopError: for an end before the start, an unknown zone, a bad capacity and the like.
    """
    _check(plan)
    workshop = Workshop(registered_count=0, sequence=0)
    _apply(workshop, plan)
    db.session.add(workshop)
    db.session.flush()
    return workshop


def update_workshop(workshop: Workshop, plan: Plan) -> list[Registration]:
    """Change a workshop; registrants are told (a new SEQUENCE in their calendars) and, when seats were
    added, people on the waiting list move up. Returns those promoted.

    :raises WorkshopError: as create_workshop, and for a capacity below the number already registered.
    """
    _check(plan, workshop.registered_count)
    _apply(workshop, plan)
    workshop.sequence += 1
    db.session.flush()
    promoted = _promote(workshop)
    for registration in registrations(workshop, REGISTERED):
        if registration not in promoted:
            notices.queue(notices.CHANGED, registration)
    return promoted


def cancel_workshop(workshop: Workshop) -> None:
    """Call a workshop off; everyone registered or waiting is told."""
    workshop.cancelled_at = utcnow()
    workshop.sequence += 1
    db.session.flush()
    for registration in registrations(workshop, REGISTERED) + registrations(workshop, WAITLISTED):
        notices.queue(notices.WORKSHOP_CANCELLED, registration)


# -- registrations --------------------------------------------------------------------------------------


def registrations(workshop: Workshop, status: str | None = None) -> list[Registration]:
    query = select(Registration).where(Registration.workshop_id == workshop.id)
    if status:
        query = query.where(Registration.status == status)
    # Seats first (NULL positions sort differently on SQLite and PostgreSQL), then the waiting list in order.
    order = (Registration.position.is_not(None), Registration.position, Registration.id)
    return list(db.session.scalars(query.order_by(*order)))


def registration_of(workshop: Workshop, user_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user_id)
    )


def _take_seat(workshop_id: int) -> bool:
    """One conditional UPDATE: True when a seat was free and is now taken (a race has one winner)."""
    result = db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.registered_count < Workshop.capacity)
        .values(registered_count=Workshop.registered_count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _free_seat(workshop_id: int) -> None:
    db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.registered_count > 0)
        .values(registered_count=Workshop.registered_count - 1)
        .execution_options(synchronize_session=False)
    )


def open_for_registration(workshop: Workshop, now: datetime | None = None) -> bool:
    return workshop.cancelled_at is None and (now or utcnow()) <= workshop.registration_deadline


def register(workshop: Workshop, user: User, by: User | None = None) -> Registration:
    """Register ``user``: a seat while there is one, else a place on the waiting list.

    :param by: a company manager registering a member (None: the person themselves).
    :raises RegistrationClosed: after the deadline or for a cancelled workshop.
    :raises AlreadyRegistered: when the person is registered or waiting already.
    """
    if not open_for_registration(workshop):
        raise RegistrationClosed("Registration for this workshop is closed.")
    registration = registration_of(workshop, user.id)
    if registration is not None and registration.status != CANCELLED:
        raise AlreadyRegistered("Already registered for this workshop.")
    seat = _take_seat(workshop.id)
    if registration is None:
        registration = Registration(workshop_id=workshop.id, user_id=user.id)
    registration.status = REGISTERED if seat else WAITLISTED
    registration.position = None if seat else _next_position(workshop)
    registration.registered_by_id = by.id if by else None
    registration.attendance = None
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:  # the same person twice at the same moment
        if seat:
            _free_seat(workshop.id)
        raise AlreadyRegistered("Already registered for this workshop.") from None
    db.session.refresh(workshop)
    notices.queue(notices.CONFIRMED if seat else notices.WAITLISTED, registration)
    return registration


def _next_position(workshop: Workshop) -> int:
    highest = db.session.scalar(
        select(func.max(Registration.position)).where(
            Registration.workshop_id == workshop.id, Registration.status == WAITLISTED
        )
    )
    return (highest or 0) + 1


def cancel(registration: Registration, *, override_deadline: bool = False) -> list[Registration]:
    """Cancel a registration or a place on the waiting list; a freed seat goes to the next in line.

    Returns the registrations promoted (they are mailed).
    :raises RegistrationClosed: after the deadline (unless an organiser overrides it).
    :raises NotRegistered: when it is cancelled already.
    """
    workshop = registration.workshop
    if registration.status == CANCELLED:
        raise NotRegistered("This registration is cancelled already.")
    if not override_deadline and utcnow() > workshop.registration_deadline:
        raise RegistrationClosed("Cancellation closed with the registration deadline.")
    had_seat = registration.status == REGISTERED
    registration.status, registration.position = CANCELLED, None
    db.session.flush()
    notices.queue(notices.CANCELLED_BY_YOU, registration)
    if not had_seat:
        return []
    _free_seat(workshop.id)
    db.session.refresh(workshop)
    return _promote(workshop)


def _promote(workshop: Workshop) -> list[Registration]:
    """Give free seats to the waiting list, first come first served."""
    promoted = []
    for waiting in registrations(workshop, WAITLISTED):
        if not _take_seat(workshop.id):
            break
        waiting.status, waiting.position = REGISTERED, None
        promoted.append(waiting)
        notices.queue(notices.PROMOTED, waiting)
    db.session.flush()
    db.session.refresh(workshop)
    return promoted
