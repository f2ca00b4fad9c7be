"""The managers' report paged in SQL: the HR API's lists and the dashboard read one page, never every row.

The (member, course) pairs that a filter selects are found, counted and paged by the database, with
orgs/visibility.py's rules in their SQL form; only the page's rows are then built, by the same
``row_for`` as the whole report (report.py, which the downloads use). The dashboard's totals and chart are
counted in SQL over the whole filtered set.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, String, and_, cast, select
from sqlalchemy.orm import aliased, contains_eager

from app.auth.models import User
from app.certificates.models import Certificate
from app.courses.models import Course
from app.orgs.models import Membership
from app.orgs.report import ReportFilter, Row, row_for
from app.orgs.visibility import certificate_visible_sql, status_sql
from app.progress.models import CourseProgress
from app.web.pager import Page, paginate

#: Members per page of the dashboard's table (totals and chart cover every page).
PER_PAGE = 50


# Made on first use: an alias configures every mapper (40 ms), which `flask` commands need not pay for.
@functools.cache
def _progress() -> Any:
    return aliased(CourseProgress, name="progress")


@functools.cache
def _certificate() -> Any:
    return aliased(Certificate, name="certificate")


def _selected(org_id: int, f: ReportFilter, courses: list[Course], columns: list[Any]) -> Select[Any]:
    """``columns`` of every (member, course) pair ``f`` selects: the company's memberships × the shown
    courses, with the pair's progress outer-joined as ``_progress()``."""
    shown = [c.id for c in courses if f.course_id in (None, c.id)]
    progress = _progress()
    query = (
        select(*columns)
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .join(Course, Course.id.in_(shown))
        .outerjoin(progress, and_(progress.user_id == Membership.user_id, progress.course_id == Course.id))
        .where(Membership.org_id == org_id)
    )
    if f.team:
        query = query.where(Membership.team == f.team)
    if f.status:
        query = query.where(status_sql(Membership, progress) == f.status)
    return query


def _certificate_on() -> Any:
    """The join condition of a pair's active course certificate that the company may see.

    Found by its ``active_key`` ("user:course", unique while active): one index lookup per pair, and never
    two certificates for one pair.
    """
    key = cast(Membership.user_id, String) + ":" + cast(Course.id, String)
    certificate = _certificate()
    return and_(certificate.active_key == key, certificate_visible_sql(Membership, certificate))


def _rows_query(org_id: int, f: ReportFilter, courses: list[Course], *, certified: bool) -> Select[Any]:
    """Every report row ``f`` selects as (membership with user, course id, progress, visible certificate),
    in the report's order; only rows with a visible certificate if ``certified``."""
    query = _selected(org_id, f, courses, [Membership, Course.id, _progress(), _certificate()])
    join = query.join if certified else query.outerjoin
    return (
        join(_certificate(), _certificate_on())
        .options(contains_eager(Membership.user))
        .order_by(User.name, User.id, Course.slug)
    )


def _rows(found: list[Any], courses: list[Course]) -> list[Row]:
    by_id = {c.id: c for c in courses}
    return [row_for(membership, by_id[course_id], p, c) for membership, course_id, p, c in found]


def report_page(
    org_id: int, f: ReportFilter, courses: list[Course], page: int, per_page: int, *, certified: bool = False
) -> Page[Row]:
    """One page of the report's rows (only those with a visible certificate if ``certified``): a count and
    the page's rows, two queries. A page past the end stays empty (the HR API's links say where it ends)."""
    query = _rows_query(org_id, f, courses, certified=certified)
    found = paginate(query, page, per_page, clamp=False, scalars=False)
    return Page(_rows(found.items, courses), found.page, per_page, found.total)


def members_page(org_id: int, team: str | None, page: int, per_page: int) -> Page[Membership]:
    """One page of the company's memberships (of one team), by name, paged in SQL."""
    query = (
        select(Membership)
        .join(Membership.user)
        .options(contains_eager(Membership.user))
        .where(Membership.org_id == org_id)
        .order_by(User.name, User.id)
    )
    if team is not None:
        query = query.where(Membership.team == team)
    return paginate(query, page, per_page, clamp=False)
