"""Invitations: by link and by code, the ways they are refused, e-mail, revocation; leaving a company."""

from __future__ import annotations

from datetime import timedelta

from app.timeutil import utcnow
from tests.orgs.org_helpers import invitation_id, make_invitation, membership


def test_join_by_link(app, client, auth, world):
    code = make_invitation(app, world.acme, world.manager)
    auth.login(world.participant.email)
    page = client.get(f"/join/{code}")
    assert page.status_code == 200
    assert "Acme GmbH" in page.get_data(as_text=True)
    assert membership(app, world.participant.id) is None  # a GET joins nobody
    response = client.post(f"/join/{code}")
    assert response.status_code == 302
    joined = membership(app, world.participant.id)
    assert joined.org_id == world.acme and joined.role == "member"
    assert not joined.share_scores and not joined.share_history


def test_join_by_code_typed_on_the_page(app, client, auth, world):
    code = make_invitation(app, world.acme, world.manager)
    auth.login(world.participant.email)
    assert "Join a company" in client.get("/company").get_data(as_text=True)
    response = client.post("/company/join", data={"code": f"  {code} "}, follow_redirects=True)
    assert response.status_code == 200
    assert "Acme GmbH" in response.get_data(as_text=True)
    assert membership(app, world.participant.id).org_id == world.acme


def test_link_without_an_account_offers_registration_and_sign_in(app, client, world):
    with app.test_request_context():  # the invitation is mailed: links need the server's address
        code = make_invitation(app, world.acme, world.manager, email="neu@acme.example")
    response = client.get(f"/join/{code}", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Acme GmbH" in page and "Create your account" in page
    assert 'value="neu@acme.example"' in page  # the invited address is filled in
    assert f"/login?next=/join/{code}" in page.replace("%2F", "/")
    assert membership(app, world.participant.id) is None


def _refused(client, code: str, message: str) -> None:
    typed = client.post("/company/join", data={"code": code})
    assert typed.status_code == 400
    assert message in typed.get_data(as_text=True)
    linked = client.post(f"/join/{code}")
    assert linked.status_code == 400
    assert message in linked.get_data(as_text=True)


def test_expired_used_revoked_and_unknown_are_refused(app, client, auth, world):
    expired = make_invitation(app, world.acme, world.manager, expires_at=utcnow() - timedelta(minutes=1))
    revoked = make_invitation(app, world.acme, world.manager, revoked_at=utcnow())
    used = make_invitation(app, world.acme, world.manager)
    auth.login(world.participant.email)
    _refused(client, expired, "expired")
    _refused(client, revoked, "withdrawn")
    _refused(client, "no-such-code-at-all", "not valid")
    assert client.post(f"/join/{used}").status_code == 302
    client.post("/company/leave")
    _refused(client, used, "already been used")
    assert membership(app, world.participant.id) is None


def test_someone_in_another_company_is_told_to_leave_first(app, client, auth, world):
    code = make_invitation(app, world.acme, world.manager)
    auth.login(world.other_member.email)
    _refused(client, code, "another company")
    assert membership(app, world.other_member.id).org_id == world.beta
    auth.logout()
    auth.login(world.member.email)
    _refused(client, code, "already belong to this company")


def test_invitation_for_an_address_is_mailed_and_only_for_that_person(
    app, client, auth, world, outbox, create_user
):
    auth.login(world.manager.email)
    response = client.post("/company/invitations", data={"email": "New.Person@Example.org"})
    assert response.status_code == 200
    link = outbox.link("new.person@example.org")
    assert link.startswith("/join/")
    auth.logout()
    auth.login(world.participant.email)
    assert client.post(link).status_code == 400
    auth.logout()
    create_user(email="new.person@example.org", name="Neu Person")
    auth.login("new.person@example.org")
    assert client.post(link).status_code == 302


def test_manager_creates_lists_and_revokes(app, client, auth, world):
    auth.login(world.manager.email)
    page = client.post("/company/invitations", data={"email": ""})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/join/" in text
    from app.extensions import db
    from app.orgs.models import Invitation

    with app.app_context():
        invitation = db.session.query(Invitation).one()
        code, number = invitation.code, invitation.id
    assert len(code) >= 16  # ≥ 64 bits of randomness (128 in fact)
    assert code in client.get("/company/invitations").get_data(as_text=True)
    assert client.post(f"/company/invitations/{number}/revoke").status_code == 302
    auth.logout()
    auth.login(world.participant.email)
    _refused(client, code, "withdrawn")


def test_revoke_needs_csrf(app, client, auth, world):
    code = make_invitation(app, world.acme, world.manager)
    auth.login(world.manager.email)
    response = client.post(f"/company/invitations/{invitation_id(app, code)}/revoke", csrf=False)
    assert response.status_code == 400


def test_leave_and_last_manager(app, client, auth, world):
    auth.login(world.member.email)
    response = client.post("/company/leave", follow_redirects=True)
    assert "You left Acme GmbH" in response.get_data(as_text=True)
    assert membership(app, world.member.id) is None
    auth.logout()
    auth.login(world.manager.email)
    response = client.post("/company/leave", follow_redirects=True)
    assert "last manager" in response.get_data(as_text=True)
    assert membership(app, world.manager.id) is not None
