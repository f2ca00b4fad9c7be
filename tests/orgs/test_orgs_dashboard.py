"""The managers' dashboard: rows, filters, totals, the chart, and a fixed number of queries."""

from __future__ import annotations

import re

from app.extensions import db
from app.orgs.models import Membership
from tests.orgs.org_helpers import add_members, complete, in_progress


def _total(page: str, key: str) -> int:
    return int(re.search(rf'id="total-{key}">(\d+)<', page).group(1))


def _set_team(app, user_id: int, team: str) -> None:
    with app.app_context():
        db.session.query(Membership).filter_by(user_id=user_id).update({"team": team})
        db.session.commit()


def test_rows_totals_and_chart(app, client, auth, world, create_user):
    complete(app, world.member.id, world.course_id)
    complete(app, world.other_member.id, world.course_id)  # Beta: never on Acme's dashboard
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "Max Müller" in page and "Maria Manager" in page
    assert "Eva Beta" not in page and "Bert Beta" not in page and "Pia Solo" not in page
    assert _total(page, "members") == 2
    assert _total(page, "completed") == 1 and _total(page, "not_started") == 1
    assert _total(page, "certificates") == 1
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert "Completions per month" in page


def test_filters(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    in_progress(app, world.manager.id, world.course_id)
    _set_team(app, world.member.id, "Vertrieb")
    auth.login(world.manager.email)

    page = client.get("/company/dashboard?status=completed").get_data(as_text=True)
    assert "Max Müller" in page and "badge-progress" not in page
    assert _total(page, "completed") == 1 and _total(page, "in_progress") == 0

    page = client.get("/company/dashboard?status=in_progress").get_data(as_text=True)
    assert "badge-progress" in page and "badge-done" not in page

    page = client.get("/company/dashboard?team=Vertrieb").get_data(as_text=True)
    assert _total(page, "members") == 1 and "Maria Manager" not in page

    page = client.get(f"/company/dashboard?course={world.course_id}").get_data(as_text=True)
    assert _total(page, "members") == 2
    page = client.get("/company/dashboard?course=999999").get_data(as_text=True)  # unknown: ignored
    assert _total(page, "members") == 2

    csv = client.get("/company/report.csv?status=completed").get_data(as_text=True)
    assert "Max Müller" in csv and "Maria Manager" not in csv


def test_manager_sets_a_team(app, client, auth, world):
    auth.login(world.manager.email)
    with app.app_context():
        member_id = db.session.query(Membership.id).filter_by(user_id=world.member.id).scalar()
    assert client.post(f"/company/members/{member_id}/team", data={"team": "Einkauf 采购"}).status_code == 302
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "Einkauf 采购" in page


def test_dashboard_queries_do_not_grow(app, client, auth, world, count_queries):
    auth.login(world.manager.email)
    add_members(app, world.acme, 5, world.course_id)
    client.get("/company/dashboard")
    with count_queries() as small:
        assert client.get("/company/dashboard").status_code == 200
    add_members(app, world.acme, 45, world.course_id, start=5)
    with count_queries() as large:
        page = client.get("/company/dashboard")
    assert page.status_code == 200
    assert _total(page.get_data(as_text=True), "members") == 52
    assert large.count == small.count, (small.count, large.count)
    assert small.count <= 10


def test_pages_in_every_language(app, client, auth, world):
    from app.auth.models import User

    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    for lang in ("de", "zh", "en"):
        with app.app_context():
            db.session.get(User, world.manager.id).locale = lang
            db.session.commit()
        for path in ("/company", "/company/dashboard", "/company/invitations", "/company/report.csv"):
            assert client.get(path).status_code == 200, (lang, path)
