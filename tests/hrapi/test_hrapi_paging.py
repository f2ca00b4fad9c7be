"""The HR API pages in SQL: a page reads only its own rows, and walking the pages gives exactly the managers'
report (same rows, same order, same totals) for every filter."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event

from app.certificates.models import Certificate
from app.courses.models import Course
from app.extensions import db
from app.orgs.models import Membership
from app.orgs.report import ReportFilter, all_courses, build_report
from tests.orgs.org_helpers import add_members, in_progress


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def _walk(client, secret: str, url: str) -> tuple[list[dict], int]:  # type: ignore[no-untyped-def]
    items, total = [], None
    while url:
        body = client.get(url, headers=bearer(secret)).get_json()
        items += body["data"]
        total = body["meta"]["total"] if total is None else total
        assert body["meta"]["total"] == total
        url = body["links"]["next"]
        url = url[url.index("/api/") :] if url else None
    return items, total or 0


@pytest.mark.parametrize(
    "query, status",
    [("", None), ("status=completed", "completed"), ("status=not_started", "not_started"),
     ("status=in_progress", "in_progress")],
)  # fmt: skip
def test_walking_the_pages_gives_the_report(client, app, world, acme_token, query, status):
    add_members(app, world.acme, 9, world.course_id)
    in_progress(app, world.member.id, world.course_id)
    with app.app_context():
        courses = all_courses()
        report = build_report(world.acme, ReportFilter(status=status), courses)
        expected = [(r.user.id, r.course.slug, r.status) for r in report.rows]
        certified = [(r.user.id, r.certificate.public_id) for r in report.rows if r.certificate]
    assert expected, "the report has rows to compare"
    rows, total = _walk(client, acme_token, f"/api/v1/progress?per_page=4&{query}")
    assert [(r["member_id"], r["course"], r["status"]) for r in rows] == expected
    assert total == len(expected)
    if status is None:
        got, total = _walk(client, acme_token, "/api/v1/certificates?per_page=3")
        assert [(c["member_id"], c["id"]) for c in got] == certified and total == len(certified) == 9


def test_a_page_reads_only_its_own_rows(client, app, world, acme_token):
    add_members(app, world.acme, 24, world.course_id)
    loaded: Counter = Counter()

    def count(target, _context) -> None:  # type: ignore[no-untyped-def]
        loaded[type(target).__name__] += 1

    for model in (Membership, Certificate, Course):
        event.listen(model, "load", count)
    try:
        for path in ("/api/v1/members?per_page=5&page=2", "/api/v1/progress?per_page=5&page=3",
                     "/api/v1/certificates?per_page=5&page=4"):  # fmt: skip
            loaded.clear()
            body = client.get(path, headers=bearer(acme_token)).get_json()
            assert len(body["data"]) == 5 and body["meta"]["total"] >= 24
            assert loaded["Membership"] <= 5, (path, loaded)
            assert loaded["Certificate"] <= 5, (path, loaded)
    finally:
        for model in (Membership, Certificate, Course):
            event.remove(model, "load", count)
    with app.app_context():
        assert db.session.query(Membership).filter_by(org_id=world.acme).count() == 26
