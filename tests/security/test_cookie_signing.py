"""The session cookie and the CSRF token, signed by objects built once per key (app/web/signing.py): what
they accept and refuse is Flask's and Flask-WTF's, a new key is followed at once, and a cookie is sent again
only when its contents changed."""

from __future__ import annotations

import re
import time

from flask import request, session
from flask_wtf.csrf import validate_csrf
from itsdangerous import URLSafeTimedSerializer

from tests.security.test_sessions import cookie, sign_in

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def tokens(page: str) -> set[str]:
    return {a or b for a, b in TOKEN.findall(page)}


def test_a_cookie_from_another_address_or_browser_is_not_signed_and_sent_again(app, create_user):
    create_user(email="anna@example.org")
    browser = app.test_client()
    sign_in(browser, "anna@example.org")
    browser.get("/learning")
    replay = app.test_client(use_cookies=False)
    headers = {"Cookie": f"session={cookie(browser)}", "User-Agent": "another browser"}
    for address in ("10.0.0.1", "10.0.0.2"):
        response = replay.get("/learning", headers=headers, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == []


def test_the_cookie_follows_a_new_secret_key_and_its_fallbacks(app, create_user):
    create_user(email="anna@example.org")
    browser = app.test_client()
    sign_in(browser, "anna@example.org")
    assert browser.get("/profile").status_code == 200
    old = app.secret_key
    try:
        app.secret_key = "a-new-secret-key-" + "x" * 30
        assert browser.get("/profile").status_code == 302  # signed with the old key: refused
        sign_in(browser, "anna@example.org")
        signed_with_new = cookie(browser)
        app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = old, [app.secret_key]
        browser.set_cookie("session", signed_with_new)
        assert browser.get("/profile").status_code == 200  # the new key as a fallback
    finally:
        app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = old, []


def test_the_serializer_is_built_once_per_key(app):
    interface = app.session_interface
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(app)


def test_a_page_shows_one_token_that_flask_wtf_accepts_for_its_session_only(app, create_user):
    create_user(email="anna@example.org")
    anna, other = app.test_client(), app.test_client()
    sign_in(anna, "anna@example.org")
    other.get("/")
    other.get("/")
    shown = tokens(anna.get("/profile").get_data(as_text=True))  # header and profile forms
    assert len(shown) == 1
    (token,) = shown
    assert tokens(other.get("/").get_data(as_text=True)) != shown
    for client, accepted in ((anna, True), (other, False)):
        with app.test_request_context(headers={"Cookie": f"session={cookie(client)}"}):
            assert session.get("csrf_token")
            try:
                validate_csrf(token)
            except Exception:
                assert not accepted
            else:
                assert accepted


def test_a_cookie_once_accepted_is_refused_past_the_lifetime_all_the_same(app, create_user, monkeypatch):
    create_user(email="anna@example.org")
    browser = app.test_client()
    sign_in(browser, "anna@example.org")
    assert browser.get("/profile").status_code == 200
    assert browser.get("/profile").status_code == 200  # decoded before
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert browser.get("/profile").status_code == 302


def test_a_cookie_holding_a_list_is_decoded_afresh_each_time(app):
    with app.test_request_context():
        session["_flashes"] = [("info", "one")]
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    opened = []
    for _ in range(2):
        with app.test_request_context(headers={"Cookie": f"session={value}"}):
            opened.append(app.session_interface.open_session(app, request))
    opened[0]["_flashes"].append(("info", "two"))
    assert opened[1]["_flashes"] == [("info", "one")]


def test_the_page_token_is_what_flask_wtf_signs_at_that_second(app, create_user, monkeypatch):
    create_user(email="anna@example.org")
    anna = app.test_client()
    sign_in(anna, "anna@example.org")
    anna.get("/")
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.5)
    (shown,) = tokens(anna.get("/").get_data(as_text=True))
    with app.test_request_context(headers={"Cookie": f"session={cookie(anna)}"}):
        expected = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(session["csrf_token"])
    assert shown == expected
