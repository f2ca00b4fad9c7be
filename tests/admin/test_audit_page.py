"""The audit log page (admins only) and `flask audit tail`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.audit import models as audit
from app.audit.models import AuditEvent
from app.audit.services import record
from app.auth.models import Role
from app.extensions import db


def add_events(app, *events: dict) -> None:
    with app.app_context():
        for event in events:
            at = event.pop("at", None)
            row = record(**event)
            if at:
                row.at = at
        db.session.commit()


@pytest.fixture
def admin(create_user, auth):
    user = create_user(Role.ADMIN, email="admin@example.org", name="Ada Admin", locale="en")
    auth.login(user.email)
    return user


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.TRAINER])
def test_only_admins(client, auth, create_user, role):
    assert client.get("/admin/audit").status_code == 302  # anonymous: sign in first
    user = create_user(role, email="someone@example.org")
    auth.login(user.email)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit?kind=login&email=a").status_code == 403
    assert "/admin/audit" not in client.get("/").get_data(as_text=True)


def test_newest_first_with_names_and_local_dates(app, client, admin, create_user):
    anna = create_user(email="anna@example.org", name="Anna Müller")
    add_events(
        app,
        {
            "kind": audit.LOGIN,
            "actor_id": anna.id,
            "target": f"user:{anna.id}",
            "at": datetime(2020, 3, 1, 9),
        },
        {
            "kind": audit.ROLE_CHANGED,
            "actor_id": admin.id,
            "target": f"user:{anna.id}",
            "old": "participant",
            "new": "trainer",
            "at": datetime(2020, 3, 2, 9),
        },
        {
            "kind": audit.LOGIN_FAILED,
            "email": "<script>alert(1)</script>@x.example",
            "at": datetime(2020, 3, 3, 9),
        },
    )
    page = client.get("/admin/audit").get_data(as_text=True)
    assert 'href="/admin/audit"' in page  # in the admin navigation
    rows = page[page.index("<tbody>") :]
    assert rows.index("Failed sign-in") < rows.index("Role changed") < rows.rindex("Signed in<")
    assert "Mar 3, 2020" in page and "Anna Müller" in page and "Trainer" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;@x.example" in page
    client.post("/language", data={"lang": "de"})
    assert "03.03.2020" in client.get("/admin/audit").get_data(as_text=True)
    client.post("/language", data={"lang": "zh"})
    assert "2020年3月3日" in client.get("/admin/audit").get_data(as_text=True)


def test_filters(app, client, admin, create_user):
    anna = create_user(email="anna@example.org", name="Anna Müller")
    bert = create_user(email="bert@example.org", name="Bert Brown")
    add_events(
        app,
        {"kind": audit.LOGIN, "actor_id": anna.id, "target": "user:1", "reason": "anna-login"},
        {"kind": audit.LOGIN, "actor_id": bert.id, "reason": "bert-login"},
        {"kind": audit.LOGOUT, "actor_id": anna.id, "reason": "anna-logout"},
        {"kind": audit.LOGIN_FAILED, "email": "anna@example.org", "reason": "anna-failed"},
        {"kind": audit.LOGIN_FAILED, "email": "bert@example.org", "reason": "bert-failed"},
    )

    def shown(**query) -> set[str]:
        response = client.get("/admin/audit", query_string=query)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        return {
            tag
            for tag in ("anna-login", "bert-login", "anna-logout", "anna-failed", "bert-failed")
            if tag in page
        }

    assert shown() == {"anna-login", "bert-login", "anna-logout", "anna-failed", "bert-failed"}
    assert shown(kind="login") == {"anna-login", "bert-login"}
    assert shown(email="ANNA@") == {"anna-login", "anna-logout", "anna-failed"}
    assert shown(kind="login_failed", email="bert") == {"bert-failed"}
    assert shown(email="%") == set() and shown(email="_") == set()  # wildcards are literal
    assert len(shown(kind="no-such-kind")) == 5  # an invalid filter is ignored (and said so)
    assert "The filter was not valid" in client.get("/admin/audit?kind=nope").get_data(as_text=True)


@pytest.mark.parametrize("junk", ["x" * 300, "a\x00b", "' OR 1=1 --", "😀", "-1", "99999999999"])
def test_junk_never_fails(client, admin, junk):
    expected = 400 if "\x00" in junk else 200
    for query in ({"email": junk}, {"kind": junk}, {"page": junk}):
        assert client.get("/admin/audit", query_string=query).status_code == expected


def test_pages(app, client, admin):
    add_events(
        app, *({"kind": audit.LOGOUT, "actor_id": admin.id, "reason": f"n{n:03d}"} for n in range(120))
    )
    first = client.get("/admin/audit?kind=logout").get_data(as_text=True)
    assert "n119" in first and "n070" in first and "n069" not in first
    assert "page=2" in first and "kind=logout" in first
    third = client.get("/admin/audit?kind=logout&page=3").get_data(as_text=True)
    assert "n019" in third and "n000" in third and "n020" not in third
    assert client.get("/admin/audit?page=50").status_code == 200


def test_tail(app, runner, create_user):
    anna = create_user(email="anna@example.org")
    add_events(
        app,
        {"kind": audit.LOGIN, "actor_id": anna.id, "target": f"user:{anna.id}"},
        {"kind": audit.LOGIN_FAILED, "email": "mallory@example.org"},
        {"kind": audit.LOGOUT, "actor_id": anna.id},
    )
    result = runner.invoke(args=["audit", "tail", "-n", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and "login_failed" in lines[0] and "mallory@example.org" in lines[0]
    assert "logout" in lines[1] and "anna@example.org" in lines[1]
    only = runner.invoke(args=["audit", "tail", "--kind", "login"]).output.splitlines()
    assert len(only) == 1 and f"user:{anna.id}" in only[0]
    assert runner.invoke(args=["audit", "tail", "--kind", "nope"]).exit_code == 2


def test_prune(app, runner):
    now = datetime.now(UTC).replace(tzinfo=None)
    add_events(
        app,
        {"kind": audit.LOGIN, "reason": "old", "at": now - timedelta(days=400)},
        {"kind": audit.LOGIN, "reason": "recent", "at": now - timedelta(days=10)},
    )
    assert runner.invoke(args=["audit", "prune", "--older-than", "5"]).exit_code == 2  # at least 30 days
    assert runner.invoke(args=["audit", "prune", "--older-than", "365"], input="n\n").exit_code == 1
    result = runner.invoke(args=["audit", "prune", "--older-than", "365", "--yes"])
    assert result.exit_code == 0 and "deleted 1 audit events" in result.output
    with app.app_context():
        assert [e.details["reason"] for e in db.session.scalars(select(AuditEvent))] == ["recent"]
