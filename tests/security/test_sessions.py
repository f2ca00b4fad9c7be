"""Session fixation and stolen cookies. Both cookies carry the token of a server-side session record
(app/sessions, wired in app/auth/login.py), never the account's id; when the record ends (sign-out, password
change, timeout), every copy of the cookies stops working. (Fresh cookie at login, cookie flags, password
change on another device: tests/auth/test_login.py; the sessions page: tests/auth/test_sessions_page.py.)"""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.sessions.models import UserSession
from app.sessions.services import hash_token
from tests.fixtures.accounts import PASSWORD


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


def test_both_cookies_name_a_session_record_not_the_account(app, client, create_user):
    anna = create_user(email="anna@example.org")
    sign_in(client, anna.email, remember="y")
    token = session_of(app, client)["_user_id"]
    with app.app_context():
        record = db.session.scalar(select(UserSession).where(UserSession.user_id == anna.id))
    assert (
        record.token_hash == hash_token(token) and token not in record.token_hash
    )  # only its hash is stored
    assert token != str(anna.id) and len(token) >= 43  # 32 random bytes
    assert cookie(client, "remember_token").split("|")[0] == token  # the remember-me cookie: the same session


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


def copy_cookies(source, target) -> None:
    """Give ``target`` the session and remember-me cookies of ``source`` (a thief with a copy)."""
    for name in ("session", "remember_token"):
        value = cookie(source, name)
        if value:
            target.set_cookie(name, value)


def test_signing_out_with_stay_signed_in_signs_out(app, create_user):
    create_user(email="anna@example.org")
    browser = app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    assert cookie(browser, "remember_token")
    browser.post("/logout")
    assert browser.get("/profile").status_code == 302
    assert cookie(browser, "remember_token") is None  # the browser was told to delete it


def test_cookies_copied_before_sign_out_no_longer_work(app, create_user):
    create_user(email="anna@example.org")
    browser, thief = app.test_client(), app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    copy_cookies(browser, thief)
    assert thief.get("/profile").status_code == 200  # a copy works while the session lasts …
    browser.post("/logout")
    assert thief.get("/profile").status_code == 302  # … and ends with it
    thief.delete_cookie("session")
    assert thief.get("/profile").status_code == 302  # the remember-me cookie alone does not bring it back


def test_a_copied_remember_me_cookie_alone_stops_at_sign_out(app, create_user):
    create_user(email="anna@example.org")
    browser = app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    copied = cookie(browser, "remember_token")
    thief = app.test_client()  # no session cookie at all: only the copied remember-me cookie
    thief.set_cookie("remember_token", copied)
    assert thief.get("/profile").status_code == 200
    browser.post("/logout")
    later = app.test_client()
    later.set_cookie("remember_token", copied)
    assert later.get("/profile").status_code == 302


def test_cookies_copied_before_a_password_change_no_longer_work(app, create_user):
    create_user(email="anna@example.org")
    browser, thief = app.test_client(), app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    copy_cookies(browser, thief)
    assert thief.get("/profile").status_code == 200
    changed = browser.post(
        "/profile/password",
        data={"current": PASSWORD, "password": "a-new-password", "confirm": "a-new-password"},
    )
    assert changed.status_code == 302
    assert browser.get("/profile").status_code == 200  # the browser that changed it goes on
    assert thief.get("/profile").status_code == 302
    thief.delete_cookie("session")
    assert thief.get("/profile").status_code == 302


def test_an_idle_session_times_out(timeout_app, create_user):
    """SESSION_IDLE_TIMEOUT is one second in this app: after 1.5 s without a request the pair is void."""
    create_user(email="anna@example.org")
    browser, thief = timeout_app.test_client(), timeout_app.test_client()
    sign_in(browser, "anna@example.org")
    copy_cookies(browser, thief)
    time.sleep(1.5)
    assert thief.get("/profile").status_code == 302
    assert browser.get("/profile").status_code == 302


def test_stay_signed_in_ends_after_its_lifetime(timeout_app, create_user):
    """SESSION_REMEMBER_LIFETIME is two seconds in this app; the server enforces it, not the browser."""
    create_user(email="anna@example.org")
    browser, thief = timeout_app.test_client(), timeout_app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    copy_cookies(browser, thief)
    time.sleep(2.5)
    assert thief.get("/profile").status_code == 302
    thief.delete_cookie("session")
    assert thief.get("/profile").status_code == 302


def test_the_token_is_never_in_a_url_or_a_page(app, client, create_user):
    """ASVS 3.1.1: the session token travels in cookies only."""
    create_user(email="anna@example.org")
    answer = client.post("/login?next=/profile", data={"email": "anna@example.org", "password": PASSWORD})
    token = session_of(app, client)["_user_id"]
    assert token not in answer.headers["Location"]
    for path in ("/profile", "/profile/sessions", "/profile/data/export.json", "/"):
        response = client.get(path)
        assert response.status_code == 200 and token not in response.get_data(as_text=True), path


def set_cookie_headers(response, name: str) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}=")]


def kept_by_a_browser(header: str) -> bool:
    """RFC 6265bis 5.7: a browser ignores a "__Host-" cookie (and so its deletion) unless it is Secure, has
    Path=/ and no Domain."""
    attributes = [part.strip().lower() for part in header.split(";")[1:]]
    return (
        "secure" in attributes
        and "path=/" in attributes
        and not any(a.startswith("domain=") for a in attributes)
    )


def test_the_host_only_remember_me_cookie_is_really_deleted(host_cookie_app, create_user):
    """Production names the cookies "__Host-…". Deleting such a cookie without Secure is ignored by
    browsers: the remember-me cookie then stays after sign-out (its session is over, but the token sits on a
    shared computer). Every deletion must carry the flags the cookie was set with."""
    create_user(email="anna@example.org")
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/"}}
    browser = host_cookie_app.test_client()
    login = {"email": "anna@example.org", "password": PASSWORD, "remember": "y"}
    signed_in = browser.post("/login", data=login, **https)
    assert signed_in.status_code == 302
    (set_remember,) = set_cookie_headers(signed_in, "__Host-remember_token")
    assert kept_by_a_browser(set_remember)
    copied = browser.get_cookie("__Host-remember_token", domain="localhost").value

    signed_out = browser.post("/logout", **https)
    (deleted,) = set_cookie_headers(signed_out, "__Host-remember_token")
    assert "max-age=0" in deleted.lower() and kept_by_a_browser(deleted), deleted

    # A copy of the ended cookie comes back: the browser is told to delete it, in a way it obeys.
    stale = host_cookie_app.test_client()
    stale.set_cookie("__Host-remember_token", copied, domain="localhost")
    answer = stale.get("/profile", **https)
    assert answer.status_code == 302
    (deleted,) = set_cookie_headers(answer, "__Host-remember_token")
    assert kept_by_a_browser(deleted), deleted

    # Signing in without "stay signed in" deletes an older remember-me cookie of this browser.
    token = stale.csrf_token()
    stale.set_cookie("__Host-remember_token", copied, domain="localhost")
    again = stale.post("/login", data={**login, "remember": "", "csrf_token": token}, **https)
    assert again.status_code == 302
    (deleted,) = set_cookie_headers(again, "__Host-remember_token")
    assert kept_by_a_browser(deleted), deleted
    for header in again.headers.getlist("Set-Cookie"):
        assert not header.startswith("__Host-") or kept_by_a_browser(header), header
