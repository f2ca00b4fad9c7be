"""The managers' report: members × courses as the company may see them, filters, totals, completions by month.

A fixed number of queries whatever the size of the company: memberships with users, courses, progress rows
and active certificates (without their PDFs), each loaded once and joined in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.certificates.models import Certificate
from app.courses.models import Course
from app.extensions import db
from app.orgs.models import TEAM_MAX, Membership
from app.orgs.visibility import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    certificate_visible,
    course_status,
    grant_for,
)
from app.progress.models import CourseProgress
from app.timeutil import utcnow


@dataclass(frozen=True)
class ReportFilter:
    course_id: int | None = None
    status: str | None = None
    team: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], course_ids: set[int]) -> ReportFilter:
        """Filters from the query string; values that make no sense are ignored."""
        raw_course = (args.get("course") or "").strip()
        course_id = int(raw_course) if raw_course.isdigit() and len(raw_course) < 10 else None
        status = args.get("status") or None
        team = (args.get("team") or "").strip() or None
        return cls(
            course_id=course_id if course_id in course_ids else None,
            status=status if status in STATUSES else None,
            team=team if team and len(team) <= TEAM_MAX and "\x00" not in team else None,
        )

    def args(self) -> dict[str, object]:
        return {
            k: v for k, v in (("course", self.course_id), ("status", self.status), ("team", self.team)) if v
        }


@dataclass(frozen=True)
class Row:
    membership: Membership
    user: User
    course: Course
    status: str
    completed_at: datetime | None
    score: float | None
    certificate: Certificate | None


@dataclass
class Report:
    courses: list[Course]
    teams: list[str]
    rows: list[Row]
    members: int
    totals: Counter = field(default_factory=Counter)
    by_month: list[tuple[str, int]] = field(default_factory=list)

    @property
    def certificates(self) -> list[Certificate]:
        return [row.certificate for row in self.rows if row.certificate is not None]


def members_of(org_id: int) -> list[Membership]:
    """The company's memberships with their users, by name."""
    query = (
        select(Membership)
        .join(Membership.user)
        .options(contains_eager(Membership.user))
        .where(Membership.org_id == org_id)
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(query))


def all_courses() -> list[Course]:
    return list(db.session.scalars(select(Course).order_by(Course.slug)))


def build_report(
    org_id: int, f: ReportFilter, courses: list[Course] | None = None, months: int = 12
) -> Report:
    """Every visible (member, course) row matching ``f``, the totals over them and completions per month."""
    courses = courses if courses is not None else all_courses()
    memberships = members_of(org_id)
    in_org = select(Membership.user_id).where(Membership.org_id == org_id)
    # Plain rows, not entities: a thousand members have thousands of them and only these columns count.
    progress = {
        (p.user_id, p.course_id): p
        for p in db.session.execute(
            select(
                CourseProgress.user_id,
                CourseProgress.course_id,
                CourseProgress.completed_at,
                CourseProgress.last_visited_at,
                CourseProgress.score_percent,
            ).where(CourseProgress.user_id.in_(in_org))
        )
    }
    certificates = {
        (c.user_id, c.course_id): c
        for c in db.session.scalars(
            select(Certificate).where(Certificate.user_id.in_(in_org), Certificate.revoked_at.is_(None))
        )
    }
    teams = sorted({m.team for m in memberships if m.team})
    shown_courses = [c for c in courses if f.course_id in (None, c.id)]
    rows: list[Row] = []
    totals: Counter = Counter()
    per_month: Counter = Counter()
    members = 0
    for membership in memberships:
        if f.team and membership.team != f.team:
            continue
        members += 1
        for course in shown_courses:
            key = (membership.user_id, course.id)
            row = row_for(membership, course, progress.get(key), certificates.get(key))
            if f.status and row.status != f.status:
                continue
            rows.append(row)
            totals[row.status] += 1
            if row.certificate is not None:
                totals["certificates"] += 1
            if row.completed_at is not None:
                per_month[row.completed_at.strftime("%Y-%m")] += 1
    return Report(shown_courses, teams, rows, members, totals, last_months(per_month, months))


def row_for(membership: Membership, course: Course, progress: object, certificate: Certificate | None) -> Row:
    """A member's standing in a course as the company sees it (orgs/visibility.py decides)."""
    grant = grant_for(membership)
    seen = course_status(grant, progress)
    shown = certificate if certificate_visible(grant, certificate) else None
    return Row(membership, membership.user, course, seen.status, seen.completed_at, seen.score, shown)


def last_months(per_month: Counter, months: int) -> list[tuple[str, int]]:
    """The last ``months`` calendar months up to now (or up to the latest completion), oldest first."""
    now = utcnow()
    year, month = now.year, now.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [(key, per_month.get(key, 0)) for key in reversed(keys)]


__all__ = ["COMPLETED", "IN_PROGRESS", "NOT_STARTED", "Report", "ReportFilter", "Row", "build_report"]
