"""Read-only questions other features ask about workshops (the trainer home lists a course's next dates)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app.extensions import db
from app.timeutil import utcnow
from app.workshops.models import Workshop, WorkshopCourse


def upcoming_by_course(course_ids: list[int]) -> dict[int, list[Workshop]]:
    """The workshops not yet over and not cancelled that link each course (in any role), soonest first."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(WorkshopCourse.course_id, Workshop)
        .join(Workshop, Workshop.id == WorkshopCourse.workshop_id)
        .where(
            WorkshopCourse.course_id.in_(course_ids),
            Workshop.cancelled_at.is_(None),
            Workshop.ends_at >= utcnow(),
        )
        .order_by(Workshop.starts_at)
    )
    found: dict[int, list[Workshop]] = defaultdict(list)
    for course_id, workshop in rows:
        if workshop not in found[course_id]:  # a course linked twice (prepare and certificate path)
            found[course_id].append(workshop)
    return dict(found)
