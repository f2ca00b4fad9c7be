"""Session fixation and stolen cookies. The login cookie names the account by its session token
(User.session_token, app/auth/login.py), never by its id; the token changes with the password.
(Fresh cookie at login, cookie flags, password change on another device: tests/auth/test_login.py.)"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from tests.conftest import PASSWORD


def cookie(client, name: str = "session") -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def session_of(app, client) -> dict:
    """The contents of a client's (signed) session cookie."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie(client))


def sign_in(client, email: str, **extra) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD, **extra})
    assert response.status_code == 302


def test_a_session_planted_before_login_grants_nothing(app, create_user):
    """The attacker gets a valid anonymous session, plants it in the victim's browser, waits for the login."""
    create_user(email="anna@example.org")
    attacker = app.test_client()
    attacker.post("/language", data={"lang": "en"})  # a real, signed session with a CSRF token in it
    planted = cookie(attacker)
    assert planted
    victim = app.test_client()
    victim.set_cookie("session", planted)
    token_before = victim.csrf_token()
    sign_in(victim, "anna@example.org")
    assert cookie(victim) != planted
    assert victim.csrf_token() != token_before  # the session was cleared, not extended
    assert session_of(app, victim).get("lang") == "en"  # only the language survives
    assert victim.get("/profile").status_code == 200
    assert attacker.get("/profile").status_code == 302  # the planted session never became the victim's


def test_the_cookie_names_a_revocable_token_not_the_account_id(app, client, create_user):
    anna = create_user(email="anna@example.org")
    sign_in(client, anna.email)
    with app.app_context():
        token = db.session.scalar(select(User.session_token).where(User.id == anna.id))
    data = session_of(app, client)
    assert data["_user_id"] == token and data["_user_id"] != str(anna.id) and len(token) >= 32


@pytest.mark.parametrize("forged_id", ["1", "2", "", "x" * 65])
def test_forged_cookies_are_ignored(app, client, create_user, forged_id):
    create_user(email="anna@example.org")
    impostor = Flask("impostor")
    impostor.secret_key = "not-the-secret-key"
    forged = impostor.session_interface.get_signing_serializer(impostor)
    client.set_cookie("session", forged.dumps({"_user_id": forged_id, "_fresh": True}))
    assert client.get("/profile").status_code == 302
    genuine = app.session_interface.get_signing_serializer(app)  # signed right, but no such session token
    client.set_cookie("session", genuine.dumps({"_user_id": forged_id, "_fresh": True}))
    assert client.get("/profile").status_code == 302


def test_a_password_reset_voids_copied_cookies(app, create_user, outbox):
    create_user(email="anna@example.org")
    victim, thief = app.test_client(), app.test_client()
    sign_in(victim, "anna@example.org", remember="y")
    thief.set_cookie("session", cookie(victim))
    thief.set_cookie("remember_token", cookie(victim, "remember_token"))
    assert thief.get("/profile").status_code == 200  # a stolen cookie works … (see docs/security.md)
    helper = app.test_client()
    helper.post("/forgot-password", data={"email": "anna@example.org"})
    helper.post(
        outbox.link("anna@example.org"), data={"password": "a-new-password", "confirm": "a-new-password"}
    )
    assert thief.get("/profile").status_code == 302  # … until the password changes
    thief.delete_cookie("session")
    assert thief.get("/profile").status_code == 302  # the remember-me cookie is void too


def test_logout_ends_this_browsers_session_only(app, create_user):
    """Known limitation (docs/security.md): signing out clears the cookie in this browser, but the account's
    session token stays the same, so a copy taken earlier keeps working until the password is changed."""
    create_user(email="anna@example.org")
    browser, copy = app.test_client(), app.test_client()
    sign_in(browser, "anna@example.org")
    copy.set_cookie("session", cookie(browser))
    browser.post("/logout")
    assert browser.get("/profile").status_code == 302
    assert copy.get("/profile").status_code == 200
