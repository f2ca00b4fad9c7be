"""Signing in and out: safe redirects, remember me, fresh sessions, password changes."""

import pytest

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.web import without_tokens


def test_login_and_logout(client, auth, create_user):
    user = create_user(email="anna@example.org")
    response = auth.login("Anna@Example.org")
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/profile").status_code == 302
    assert user.email == "anna@example.org"


def test_wrong_password_message_next_to_field(client, auth, create_user):
    create_user(email="anna@example.org")
    wrong = auth.login("anna@example.org", "wrong-password").get_data(as_text=True)
    unknown = auth.login("nobody@example.org", "wrong-password").get_data(as_text=True)
    assert 'id="password-error"' in wrong
    assert without_tokens(wrong, "anna@example.org") == without_tokens(unknown, "nobody@example.org")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "http:/evil",
        "javascript:alert(1)",
        "\t//evil.example",
        "/%0d%0aSet-Cookie:x=1",
    ],
)
def test_next_never_leaves_the_site(client, auth, create_user, target):
    create_user(email="anna@example.org")
    response = client.post(f"/login?next={target}", data={"email": "anna@example.org", "password": PASSWORD})
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location or location.startswith("/%")


def test_next_to_a_local_page_is_followed(client, create_user):
    create_user(email="anna@example.org")
    response = client.post("/login?next=/profile", data={"email": "anna@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/profile"


def test_session_is_renewed_on_login(client, auth, create_user):
    create_user(email="anna@example.org")
    client.get("/")
    client.set_cookie("session", "attacker-chosen", domain="localhost")
    auth.login("anna@example.org")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.value != "attacker-chosen"


def test_remember_me_sets_a_long_lived_cookie(client, auth, create_user):
    create_user(email="anna@example.org")
    auth.login("anna@example.org", remember="y")
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.http_only


def test_session_cookie_flags(client):
    response = client.get("/")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_change_signs_out_other_sessions(app, create_user):
    create_user(email="anna@example.org")
    laptop, phone = app.test_client(), app.test_client()
    for c in (laptop, phone):
        c.post("/login", data={"email": "anna@example.org", "password": PASSWORD})
    response = laptop.post(
        "/profile/password",
        data={"current": PASSWORD, "password": "a-new-password", "confirm": "a-new-password"},
    )
    assert response.status_code == 302
    assert laptop.get("/profile").status_code == 200
    assert phone.get("/profile").status_code == 302


def test_password_change_needs_the_current_password(client, auth, create_user):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    page = client.post(
        "/profile/password",
        data={"current": "not-it", "password": "a-new-password", "confirm": "a-new-password"},
    ).get_data(as_text=True)
    assert 'id="current-error"' in page
    auth.logout()
    assert auth.login("anna@example.org").status_code == 302
