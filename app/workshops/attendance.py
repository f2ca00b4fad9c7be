"""Checking people in (by a trainer, the CLI or a scanned code) and recording no-shows after the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow
from app.workshops import certify, checkin
from app.workshops.errors import CheckInRefused
from app.workshops.models import ATTENDED, NO_SHOW, REGISTERED, Registration, Workshop

#: Check-in opens this long before the start.
EARLY = timedelta(minutes=60)


def check_in(workshop: Workshop, user_id: int, by: User | None, now: datetime | None = None) -> Registration:
    """Record that a registrant is here (idempotent: a second check-in keeps the first time), and issue
    the workshop certificates this earns (attendance; blended once the course is completed too).

    :raises CheckInRefused: ``not_registered`` for anyone without a seat, ``not_now`` before check-in opens
        (an hour before the start: a certificate must not be dated on a day still to come).
    """
    if (now or utcnow()) < workshop.starts_at - EARLY:
        raise CheckInRefused("not_now")
    registration = db.session.scalar(
        select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user_id)
    )
    if registration is None or registration.status != REGISTERED:
        raise CheckInRefused("not_registered")
    if registration.attendance != ATTENDED:
        registration.attendance = ATTENDED
        registration.checked_in_at = now or utcnow()
        registration.checked_in_by_id = by.id if by else None
        db.session.flush()
        certify.issue_due(user_id, workshop)
    return registration


def self_check_in(workshop: Workshop, user: User, code: str, now: datetime | None = None) -> Registration:
    """Check in by a scanned code: only during the workshop, only with a current code, only registrants.

    :raises CheckInRefused: ``not_now`` outside the workshop, ``expired`` for an old or wrong code,
        ``not_registered`` for someone without a seat.
    """
    now = now or utcnow()
    if not workshop.starts_at - EARLY <= now <= workshop.ends_at or workshop.cancelled_at:
        raise CheckInRefused("not_now")
    if not checkin.accepted(current_app.config["SECRET_KEY"], workshop.id, code, now.replace(tzinfo=UTC)):
        raise CheckInRefused("expired")
    return check_in(workshop, user.id, None, now)


def record_no_shows(workshop: Workshop, now: datetime | None = None) -> int:
    """After the end, everyone registered and not checked in is a no-show; returns how many."""
    if (now or utcnow()) < workshop.ends_at:
        return 0
    missing = db.session.scalars(
        select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.status == REGISTERED,
            Registration.attendance.is_(None),
        )
    ).all()
    for registration in missing:
        registration.attendance = NO_SHOW
    db.session.flush()
    return len(missing)
