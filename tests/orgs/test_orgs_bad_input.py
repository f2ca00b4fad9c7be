"""Junk in every company form: a message, never a 500, nothing stored that should not be."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Invitation, Membership, Organisation
from tests.orgs.org_helpers import membership

JUNK = [
    "",
    " ",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "a\x00b",
    "😀🎉",
    "汉字公司",
    "'; DROP TABLE users; --",
]


@pytest.mark.parametrize("junk", JUNK)
def test_participant_forms(app, client, auth, world, junk):
    auth.login(world.participant.email)
    response = client.post("/company/join", data={"code": junk})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert 'class="error"' in text
    assert "<script>alert(1)</script>" not in text
    assert membership(app, world.participant.id) is None
    assert client.post("/company/privacy", data={"share_scores": junk}).status_code == 404


@pytest.mark.parametrize("junk", JUNK)
def test_member_forms(app, client, auth, world, junk):
    auth.login(world.member.email)
    response = client.post("/company/privacy", data={"share_scores": junk, "share_history": junk})
    assert response.status_code == 302
    assert client.get("/company").status_code == 200


@pytest.mark.parametrize("junk", JUNK)
def test_manager_forms(app, client, auth, world, junk):
    auth.login(world.manager.email)
    response = client.post("/company/invitations", data={"email": junk})
    if junk.strip():
        assert response.status_code == 400
        assert 'class="error"' in response.get_data(as_text=True)
    else:
        assert response.status_code == 200  # no address: a link and code to pass on
    with app.app_context():
        member_id = db.session.scalar(select(Membership.id).where(Membership.user_id == world.member.id))
        assert db.session.scalar(select(func.count(Invitation.id)).where(Invitation.email.is_not(None))) == 0
    response = client.post(f"/company/members/{member_id}/team", data={"team": junk}, follow_redirects=True)
    assert response.status_code == 200
    team = membership(app, world.member.id).team
    assert team is None or (len(team) <= 60 and "\x00" not in team)
    for query in (f"?team={junk[:100]}", f"?status={junk[:100]}", f"?course={junk[:100]}"):
        if "\x00" in query:
            continue
        assert client.get("/company/dashboard" + query).status_code == 200
        assert client.get("/company/report.csv" + query).status_code == 200


@pytest.mark.parametrize("junk", JUNK)
def test_admin_forms(app, client, auth, world, junk):
    auth.login(world.admin.email)
    before = _orgs(app)
    response = client.post("/admin/companies", data={"name": junk})
    ok = junk.strip() and len(junk) <= 120 and "\x00" not in junk
    assert response.status_code == (302 if ok else 400)
    assert _orgs(app) == before + (1 if ok else 0)
    response = client.post(f"/admin/companies/{world.acme}/managers", data={"email": junk})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    response = client.post("/admin/companies/move", data={"email": junk, "org": junk, "role": junk})
    assert response.status_code == 400


def test_admin_errors_are_explained(app, client, auth, world):
    auth.login(world.admin.email)
    response = client.post("/admin/companies", data={"name": "Acme GmbH"})
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)
    response = client.post(f"/admin/companies/{world.acme}/managers", data={"email": "nobody@example.org"})
    assert "Nobody is registered" in response.get_data(as_text=True)
    response = client.post(
        f"/admin/companies/{world.acme}/managers", data={"email": world.other_member.email}
    )
    assert "Beta AG" in response.get_data(as_text=True)
    response = client.post(f"/admin/companies/{world.acme}/managers", data={"email": world.member.email})
    assert response.status_code == 302
    assert membership(app, world.member.id).role == "manager"


def _orgs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Organisation.id)))
