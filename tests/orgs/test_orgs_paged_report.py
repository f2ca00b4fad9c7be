"""The dashboard's SQL-paged report (orgs/pages.py) shows exactly what the whole report (orgs/report.py,
which the downloads use) holds: the same totals, teams, months and rows, page after page, for every filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.orgs.models import Membership
from app.orgs.pages import member_page, overview
from app.orgs.report import ReportFilter, all_courses, build_report
from app.timeutil import utcnow
from tests.orgs.org_helpers import add_members, complete, in_progress


@pytest.fixture
def company(app, world):  # type: ignore[no-untyped-def]
    add_members(app, world.acme, 7, world.course_id)
    in_progress(app, world.member.id, world.course_id)
    complete(app, world.manager.id, world.course_id, when=utcnow() - timedelta(days=70), certificate=False)
    with app.app_context():
        for n, membership in enumerate(
            db.session.scalars(select(Membership).where(Membership.org_id == world.acme))
        ):
            membership.team = ("R&D", "Sales", None)[n % 3]
            membership.share_history = n % 2 == 0
        db.session.commit()
    return world


@pytest.mark.parametrize(
    "f",
    [ReportFilter(), ReportFilter(status="completed"), ReportFilter(status="not_started"),
     ReportFilter(status="in_progress"), ReportFilter(team="R&D"), ReportFilter(team="Sales", status="completed"),
     ReportFilter(team="nobody")],
)  # fmt: skip
def test_the_paged_dashboard_matches_the_whole_report(app, company, f):
    with app.app_context():
        courses = all_courses()
        whole = build_report(company.acme, f, courses)
        summary = overview(company.acme, f, courses)
        assert (summary.members, summary.teams, summary.by_month) == (
            whole.members,
            whole.teams,
            whole.by_month,
        )
        assert {k: v for k, v in summary.totals.items() if v} == {k: v for k, v in whole.totals.items() if v}
        rows, number, pages = [], 1, None
        while pages is None or number <= pages:
            page = member_page(company.acme, f, courses, number, per_page=2)
            pages = page.pages
            rows += page.rows
            number += 1
        key = lambda r: (r.membership.id, r.course.id, r.status, r.completed_at, r.score, r.certificate)  # noqa: E731
        assert [key(r) for r in rows] == [key(r) for r in whole.rows]
        assert page.total == len({r.membership.id for r in whole.rows})
