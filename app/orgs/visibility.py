"""The ONE place that decides what a company manager may see of a member.

Privacy by design: completion and certificates always, but only from the moment the person joined (unless
they share their history); quiz scores only if the member shares them. Nothing else goes to the company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_

from app.orgs.models import Membership

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)


@dataclass(frozen=True)
class Grant:
    """What a member lets their company see."""

    #: Nothing from before this moment is visible; None: the whole history is.
    since: datetime | None
    scores: bool

    def sees(self, moment: datetime | None) -> bool:
        return moment is not None and (self.since is None or moment >= self.since)

    def sees_day(self, day: date | None) -> bool:
        return day is not None and (self.since is None or day >= self.since.date())


def grant_for(membership: Membership) -> Grant:
    return Grant(
        since=None if membership.share_history else membership.joined_at, scores=membership.share_scores
    )


@dataclass(frozen=True)
class Seen:
    """One member's standing in one course as the company sees it."""

    status: str
    completed_at: datetime | None = None
    score: float | None = None


def course_status(grant: Grant, progress) -> Seen:  # type: ignore[no-untyped-def]
    """Status, completion date and score of a ``CourseProgress`` row (or None) as the company sees them."""
    if progress is None:
        return Seen(NOT_STARTED)
    if grant.sees(progress.completed_at):
        return Seen(COMPLETED, progress.completed_at, progress.score_percent if grant.scores else None)
    if progress.completed_at is None and grant.sees(progress.last_visited_at):
        return Seen(IN_PROGRESS)
    return Seen(NOT_STARTED)


def certificate_visible(grant: Grant, certificate) -> bool:  # type: ignore[no-untyped-def]
    """An active certificate issued for a completion the company may see."""
    if certificate is None or certificate.revoked_at is not None:
        return False
    return grant.sees(certificate.issued_at) and grant.sees_day(certificate.completed_on)


# The same rules as SQL expressions, so that lists can be filtered, counted and paged by the database (the HR
# API). tests/orgs/test_visibility_sql.py checks on every case that both forms agree.


def _sees_sql(membership: Any, moment: Any) -> ColumnElement[bool]:
    """``Grant.sees`` in SQL."""
    return and_(moment.is_not(None), or_(membership.share_history, moment >= membership.joined_at))


def status_sql(membership: Any, progress: Any) -> ColumnElement[str]:
    """``course_status(...).status`` in SQL, for a ``CourseProgress`` outer-joined as ``progress``."""
    return case(
        (progress.id.is_(None), NOT_STARTED),
        (_sees_sql(membership, progress.completed_at), COMPLETED),
        (and_(progress.completed_at.is_(None), _sees_sql(membership, progress.last_visited_at)), IN_PROGRESS),
        else_=NOT_STARTED,
    )


def certificate_visible_sql(membership: Any, certificate: Any) -> ColumnElement[bool]:
    """``certificate_visible`` in SQL, for a ``Certificate`` joined as ``certificate``."""
    return and_(
        certificate.revoked_at.is_(None),
        _sees_sql(membership, certificate.issued_at),
        or_(membership.share_history, certificate.completed_on >= func.date(membership.joined_at)),
    )


def registration_visible(grant: Grant, registration, registered_by_company: bool) -> bool:  # type: ignore[no-untyped-def]
    """A workshop registration (with its attendance) the company may see: one its managers made, or one
    the member made while in the company (or earlier, when they share their history)."""
    return registered_by_company or grant.sees(registration.created_at)
