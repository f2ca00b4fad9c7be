"""The dashboard's table in pages of 50 members: the right people on each page, links that keep the filters,
totals and chart over the whole filtered set, and any page number answered with a page (never a 500)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.orgs.models import Membership
from app.web.pager import Page, page_number
from tests.orgs.org_helpers import add_members

#: 60 members "Bulk 000"…"Bulk 059" with a completion and a certificate, then Maria Manager and Max Müller:
#: sorted by name, page 1 is Bulk 000–049 and page 2 is Bulk 050–059, Maria and Max.
BULK = 60


@pytest.fixture
def crowd(app, world):
    add_members(app, world.acme, BULK, world.course_id)
    return world


def _names(page: str) -> list[str]:
    """The people in the people × courses table, in order."""
    names: list[str] = []
    for name in re.findall(r'<th scope="row" class="orgs-person">\s*([^<]+?)\s*(?: <span|</th>)', page):
        if not names or names[-1] != name:
            names.append(name)
    return names


def _total(page: str, key: str) -> int:
    return int(re.search(rf'id="total-{key}">(\d+)<', page).group(1))


def _chart(page: str) -> str:
    return re.search(r"<svg.*?</svg>", page, re.S).group(0)


def test_page_two_shows_the_right_people(client, auth, crowd):
    auth.login(crowd.manager.email)
    first = client.get("/company/dashboard").get_data(as_text=True)
    second = client.get("/company/dashboard?page=2").get_data(as_text=True)
    assert _names(first) == [f"Bulk {n:03d}" for n in range(50)]
    assert _names(second) == [f"Bulk {n:03d}" for n in range(50, BULK)] + ["Maria Manager", "Max Müller"]
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    for page in (first, second):  # totals and chart: every page, the whole company
        assert _total(page, "members") == BULK + 2
        assert _total(page, "completed") == BULK and _total(page, "certificates") == BULK
    assert _chart(first) == _chart(second)
    assert 'href="/company/dashboard?page=2"' in first and 'rel="next"' in first
    assert 'href="/company/dashboard?page=1"' in second and 'rel="next"' not in second


def test_small_company_has_no_page_links(client, auth, world):
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert _names(page) == ["Maria Manager", "Max Müller"]
    assert 'aria-label="Pages"' not in page


def test_page_links_keep_the_filters(app, client, auth, crowd):
    with app.app_context():
        db.session.execute(
            Membership.__table__.update().where(Membership.org_id == crowd.acme).values(team="Vertrieb")
        )
        db.session.commit()
    auth.login(crowd.manager.email)
    query = f"status=completed&team=Vertrieb&course={crowd.course_id}"
    page = client.get(f"/company/dashboard?{query}&page=2").get_data(as_text=True)
    assert _names(page) == [f"Bulk {n:03d}" for n in range(50, BULK)]  # Maria and Max completed nothing
    assert _total(page, "completed") == BULK and _total(page, "not_started") == 0
    links = re.findall(r'href="(/company/dashboard\?[^"]*)"', page)
    assert links, page
    for link in links:
        link = link.replace("&amp;", "&")
        assert "status=completed" in link and "team=Vertrieb" in link and f"course={crowd.course_id}" in link
    # Downloads cover the whole filtered set, whatever the page.
    csv = client.get(f"/company/report.csv?{query}&page=2").get_data(as_text=True)
    assert "Bulk 000" in csv and "Bulk 059" in csv


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("1.5", 1), ("+2", 1), ("٢", 1), ("2", 2),
     ("99999", 2), (str(10**30), 2), ("9" * 400, 2)],
)  # fmt: skip
def test_bad_page_numbers(client, auth, crowd, raw, expected):
    auth.login(crowd.manager.email)
    response = client.get("/company/dashboard", query_string={"page": raw})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Page {expected} of 2" in page
    assert ("Max Müller" in page) == (expected == 2)


def test_pages_cost_the_same_queries(client, auth, crowd, count_queries):
    auth.login(crowd.manager.email)
    client.get("/company/dashboard")
    counts = []
    for query in ("", "?page=2", "?page=99999", "?status=completed&page=2"):
        with count_queries() as counter:
            assert client.get("/company/dashboard" + query).status_code == 200
        counts.append(counter.count)
    assert len(set(counts)) == 1, counts


def test_saving_a_team_returns_to_the_members_row(app, client, auth, crowd):
    """Teams are edited on the members page (all members on one page); saving comes back to the row."""
    auth.login(crowd.manager.email)
    with app.app_context():
        member_id = db.session.scalar(select(Membership.id).where(Membership.user_id == crowd.member.id))
    page = client.get("/company/members").get_data(as_text=True)
    assert f'action="/company/members/{member_id}/team"' in page and page.count('id="team-') == BULK + 2
    response = client.post(f"/company/members/{member_id}/team", data={"team": "Einkauf"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/company/members#member-{member_id}"


def test_requested_page_and_page_numbers():
    assert [page_number({"page": raw}) for raw in ("3", " 3 ", "0", "-3", "x", "")] == [3, 3, 1, 1, 1, 1]
    assert page_number({}) == 1 and page_number({"page": "1" * 12}) >= 10**9
    numbers = Page([], page=10, per_page=50, total=1000).numbers()
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Page([], page=1, per_page=50, total=200).numbers() == [1, 2, 3, 4]
    assert Page([], page=1, per_page=50, total=0).numbers() == [1]
