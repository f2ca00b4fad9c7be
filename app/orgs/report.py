"""The managers' report: members × courses as the company may see them, filters, totals, completions by month.

A fixed number of queries whatever the size of the company: memberships with users, courses, progress rows
and active certificates (without their PDFs), each loaded once and joined in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

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
from app.web.pager import Page

#: Members per page of the dashboard's table (totals and chart cover every page).
PER_PAGE = 50


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
    #: People (members matching the filters), not course enrolments.
    members: int
    #: Per course enrolment (member × course): not_started, in_progress, completed, certificates.
    totals: Counter = field(default_factory=Counter)
    by_month: list[tuple[date, int]] = field(default_factory=list)
    #: People who completed at least one course, and who hold at least one certificate.
    people: Counter = field(default_factory=Counter)

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
            select(Certificate).where(
                Certificate.user_id.in_(in_org),
                Certificate.revoked_at.is_(None),
                Certificate.workshop_id.is_(
                    None
                ),  # the course's certificate, not a workshop's filed under it
            )
        )
    }
    teams = sorted({m.team for m in memberships if m.team})
    shown_courses = [c for c in courses if f.course_id in (None, c.id)]
    rows: list[Row] = []
    totals: Counter = Counter()
    per_month: Counter = Counter()
    people: Counter = Counter()
    members = 0
    for membership in memberships:
        if f.team and membership.team != f.team:
            continue
        members += 1
        grant = grant_for(membership)
        completed_any = certified_any = False
        for course in shown_courses:
            seen = course_status(grant, progress.get((membership.user_id, course.id)))
            if f.status and seen.status != f.status:
                continue
            certificate = certificates.get((membership.user_id, course.id))
            if not certificate_visible(grant, certificate):
                certificate = None
            rows.append(
                Row(
                    membership,
                    membership.user,
                    course,
                    seen.status,
                    seen.completed_at,
                    seen.score,
                    certificate,
                )
            )
            totals[seen.status] += 1
            completed_any = completed_any or seen.status == COMPLETED
            if certificate is not None:
                totals["certificates"] += 1
                certified_any = True
            if seen.completed_at is not None:
                per_month[date(seen.completed_at.year, seen.completed_at.month, 1)] += 1
        people["completed"] += completed_any
        people["certified"] += certified_any
    return Report(shown_courses, teams, rows, members, totals, _months_with_data(per_month, months), people)


class MemberPage(Page[Row]):
    """One page of the report's rows, counted in members (``total``): a member's rows are never split."""

    @property
    def rows(self) -> list[Row]:
        return self.items


def member_page(rows: list[Row], page: int, per_page: int = PER_PAGE) -> MemberPage:
    """Page ``page`` (clamped to 1…last) of ``rows`` with ``per_page`` members on each page."""
    starts = [n for n, row in enumerate(rows) if n == 0 or rows[n - 1].membership.id != row.membership.id]
    pages = max(1, -(-len(starts) // per_page))
    page = min(max(page, 1), pages)
    first = (page - 1) * per_page
    begin = starts[first] if first < len(starts) else len(rows)
    end = starts[first + per_page] if first + per_page < len(starts) else len(rows)
    return MemberPage(rows[begin:end], page, per_page, len(starts))


def _months_with_data(per_month: Counter, months: int) -> list[tuple[date, int]]:
    """Every month from the first to the last with a completion (at most the last ``months`` of them),
    oldest first; months in between without one count 0. Empty when nothing was completed."""
    if not per_month:
        return []
    first, last = min(per_month), max(per_month)
    keys = [last]
    while keys[-1] > first and len(keys) < months:
        month = keys[-1]
        keys.append(date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1))
    return [(key, per_month.get(key, 0)) for key in reversed(keys)]


@dataclass(frozen=True)
class MemberCells:
    """One line of the people × courses matrix: a member and their row for each course shown."""

    membership: Membership
    user: User
    cells: dict[int, Row]


def by_member(rows: list[Row]) -> list[MemberCells]:
    """The report's rows (member × course, in member order) folded into one line per member."""
    lines: list[MemberCells] = []
    for row in rows:
        if not lines or lines[-1].membership.id != row.membership.id:
            lines.append(MemberCells(row.membership, row.user, {}))
        lines[-1].cells[row.course.id] = row
    return lines


__all__ = [
    "COMPLETED", "IN_PROGRESS", "NOT_STARTED", "MemberCells", "MemberPage", "Report", "ReportFilter", "Row",
    "build_report", "by_member", "member_page", "row_for",
]  # fmt: skip


def row_for(membership: Membership, course: Course, progress: object, certificate: Certificate | None) -> Row:
    """A member's standing in a course as the company sees it (orgs/visibility.py decides)."""
    grant = grant_for(membership)
    seen = course_status(grant, progress)
    shown = certificate if certificate_visible(grant, certificate) else None
    return Row(membership, membership.user, course, seen.status, seen.completed_at, seen.score, shown)
