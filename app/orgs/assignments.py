"""Courses a manager assigns to members with a due day; the overdue list and the reminder mails.

What the manager sees of an assignment goes through ``visibility`` like the report (a completion from
before joining that the member does not share counts as not completed there); the reminder mail asks the
person's own record, so nobody is reminded of a course they have completed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.orgs.models import Assignment, Membership, Organisation
from app.orgs.visibility import COMPLETED, course_status, grant_for
from app.progress.models import CourseProgress
from app.timeutil import utcnow

logger = logging.getLogger(__name__)

#: A person gets at most one reminder per assignment in this time.
REMIND_EVERY = timedelta(hours=20)


@dataclass(frozen=True)
class AssignmentView:
    """One assignment as the manager sees it."""

    assignment: Assignment
    user: User
    course: Course
    status: str
    days_late: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0 and self.status != COMPLETED


def assign(org: Organisation, by: User, course: Course, user_ids: set[int], due_on: date) -> int:
    """Assign ``course`` to those of ``user_ids`` who are members of ``org`` (others are ignored), due on
    ``due_on``; an existing assignment of the same course gets the new day. Returns how many people."""
    members = set(
        db.session.scalars(
            select(Membership.user_id).where(Membership.org_id == org.id, Membership.user_id.in_(user_ids))
        )
    )
    existing = {
        a.user_id: a
        for a in db.session.scalars(
            select(Assignment).where(Assignment.course_id == course.id, Assignment.user_id.in_(members))
        )
    }
    for user_id in members:
        assignment = existing.get(user_id)
        if assignment is None:
            db.session.add(
                Assignment(
                    org_id=org.id, user_id=user_id, course_id=course.id, due_on=due_on, assigned_by_id=by.id
                )
            )
        else:
            assignment.org_id, assignment.due_on, assignment.reminded_at = org.id, due_on, None
    db.session.flush()
    logger.info(
        "company %s: course %s assigned to %d members by user %s", org.id, course.id, len(members), by.id
    )
    return len(members)


def unassign(assignment: Assignment) -> None:
    db.session.delete(assignment)
    db.session.flush()


def assignments_of(org_id: int, today: date) -> list[AssignmentView]:
    """The company's assignments of its current members, overdue ones first, then by due day."""
    rows = db.session.execute(
        select(Assignment, Membership, Course)
        .join(
            Membership, (Membership.user_id == Assignment.user_id) & (Membership.org_id == Assignment.org_id)
        )
        .join(Course, Course.id == Assignment.course_id)
        .where(Assignment.org_id == org_id)
    ).all()
    progress = _progress({(a.user_id, a.course_id) for a, _m, _c in rows})
    views = [
        AssignmentView(
            assignment=a,
            user=m.user,
            course=c,
            status=course_status(grant_for(m), progress.get((a.user_id, a.course_id))).status,
            days_late=(today - a.due_on).days,
        )
        for a, m, c in rows
    ]
    return sorted(views, key=lambda v: (not v.overdue, v.assignment.due_on, v.user.name, v.course.slug))


def assignments_for(user_id: int) -> list[tuple[Assignment, Course]]:
    """A member's own assignments (for "My company"), by due day."""
    return list(
        db.session.execute(
            select(Assignment, Course)
            .join(Course, Course.id == Assignment.course_id)
            .join(
                Membership,
                (Membership.user_id == Assignment.user_id) & (Membership.org_id == Assignment.org_id),
            )
            .where(Assignment.user_id == user_id)
            .order_by(Assignment.due_on)
        ).all()
    )


def _progress(keys: set[tuple[int, int]]) -> dict[tuple[int, int], CourseProgress]:
    if not keys:
        return {}
    users = {u for u, _c in keys}
    return {
        (p.user_id, p.course_id): p
        for p in db.session.scalars(select(CourseProgress).where(CourseProgress.user_id.in_(users)))
        if (p.user_id, p.course_id) in keys
    }


def send_reminders(views: list[AssignmentView], now: datetime | None = None) -> int:
    """Mail each person whose assignment is overdue and not completed (by their own record), at most once
    in ``REMIND_EVERY``. Returns how many mails went out; the caller commits ``reminded_at``."""
    from app.mail.templates import send_templated
    from app.urls import external_url

    now = now or utcnow()
    due = [
        v
        for v in views
        if v.overdue and (v.assignment.reminded_at is None or v.assignment.reminded_at < now - REMIND_EVERY)
    ]
    done = _progress({(v.user.id, v.course.id) for v in due})
    sent = 0
    for view in due:
        progress = done.get((view.user.id, view.course.id))
        if progress is not None and progress.completed_at is not None:
            continue
        send_templated(
            view.user.email,
            view.user.locale,
            "assignment_reminder",
            _l("Reminder: please complete %(course)s", course=view.course.title_in(view.user.locale)),
            user=view.user,
            course=view.course.title_in(view.user.locale),
            due_on=view.assignment.due_on,
            link=external_url("courses.course_page", slug=view.course.slug),
        )
        view.assignment.reminded_at = now
        sent += 1
    db.session.flush()
    logger.info("%d assignment reminders sent", sent)
    return sent
