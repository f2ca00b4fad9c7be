"""Every form of the foundation with junk: a clear message next to the field, never a 500, nothing stored."""

import io

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from tests.fixtures.accounts import PASSWORD

JUNK = {
    "empty": "",
    "overlong": "x" * 10_000,
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "sql": "' OR 1=1; DROP TABLE users; --",
    "emoji": "😀🎉👍",
    "chinese": "王芳测试",
    "control": "abc\x00\x07def",
    "replacement": "caf\ufffd",
    "whitespace": "   \t  ",
}

VALID_REGISTRATION = {
    "email": "new@example.org",
    "name": "Anna Müller",
    "name_zh": "",
    "locale": "de",
    "password": "long-enough-password",
    "confirm": "long-enough-password",
}


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def assert_clean_error(response, field: str | None = None):
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:500]
    assert "<script>alert" not in page and "<img src=x" not in page
    if field:
        assert f'id="{field}-error"' in page, f"no message next to {field}"


@pytest.mark.parametrize("kind", JUNK)
@pytest.mark.parametrize("field", ["email", "name", "name_zh", "locale", "password"])
def test_register_with_junk(client, app, field, kind):
    value = JUNK[kind]
    data = {**VALID_REGISTRATION, field: value}
    if field == "password":
        data["confirm"] = value
    valid_anyway = (field == "name_zh" and kind in ("empty", "chinese", "whitespace")) or (
        field == "password" and kind in ("sql", "html", "emoji", "chinese")
    )
    response = client.post("/register", data=data)
    if valid_anyway:
        assert response.status_code == 200
        return
    assert_clean_error(response, field)
    assert count_users(app) == 0


def test_register_error_messages_in_chinese(client):
    client.post("/language", data={"lang": "zh"})
    page = client.post("/register", data={**VALID_REGISTRATION, "email": "nope"}).get_data(as_text=True)
    assert 'id="email-error"' in page and "电子邮件" in page


@pytest.mark.parametrize("kind", JUNK)
@pytest.mark.parametrize("field", ["email", "password"])
def test_login_with_junk(client, create_user, field, kind):
    create_user(email="anna@example.org")
    data = {"email": "anna@example.org", "password": PASSWORD, field: JUNK[kind]}
    response = client.post("/login", data=data)
    assert_clean_error(response)
    assert client.get("/profile").status_code == 302


@pytest.mark.parametrize("kind", JUNK)
def test_forgot_password_with_junk(client, kind, outbox):
    response = client.post("/forgot-password", data={"email": JUNK[kind]})
    assert_clean_error(response)
    assert outbox.messages() == []


@pytest.mark.parametrize("kind", JUNK)
@pytest.mark.parametrize("field", ["name", "name_zh", "locale"])
def test_profile_with_junk(client, auth, app, create_user, field, kind):
    create_user(email="anna@example.org", name="Anna Müller")
    auth.login("anna@example.org")
    data = {"name": "Anna Müller", "name_zh": "", "locale": "de", field: JUNK[kind]}
    response = client.post("/profile", data=data)
    if field == "name_zh" and kind in ("empty", "chinese", "whitespace"):
        assert response.status_code == 302
        return
    assert_clean_error(response, field)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.name, user.locale) == ("Anna Müller", "de")


@pytest.mark.parametrize("kind", JUNK)
def test_password_forms_with_junk(client, auth, create_user, kind):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    response = client.post(
        "/profile/password", data={"current": JUNK[kind], "password": JUNK[kind], "confirm": JUNK[kind]}
    )
    assert_clean_error(response)
    auth.logout()
    assert auth.login("anna@example.org").status_code == 302


@pytest.mark.parametrize("kind", JUNK)
def test_admin_role_with_junk(client, auth, app, create_user, kind):
    create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org")
    auth.login("admin@example.org")
    response = client.post(f"/admin/users/{anna.id}/role", data={"role": JUNK[kind]})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, anna.id).role == "participant"


@pytest.mark.parametrize("kind", JUNK)
def test_admin_search_with_junk(client, auth, create_user, kind):
    create_user(Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    expected = 400 if "\x00" in JUNK[kind] else 200  # a NUL in the URL is refused before any view
    assert client.get("/admin/users", query_string={"q": JUNK[kind], "page": "x"}).status_code == expected


@pytest.mark.parametrize("kind", JUNK)
def test_language_with_junk(client, kind):
    assert client.post("/language", data={"lang": JUNK[kind], "next": JUNK[kind]}).status_code == 400


@pytest.mark.parametrize(
    "body,field",
    [
        (b"email=a%40example.org&name=Ren%E9&locale=de&password=xxxxxxxxxx&confirm=xxxxxxxxxx", "name"),
        (b"email=\xff\xfe@example.org&name=Anna&locale=de&password=xxxxxxxxxx&confirm=xxxxxxxxxx", "email"),
    ],
)
def test_invalid_utf8_in_a_form(client, app, body, field):
    token = client.csrf_token()
    response = client.post(
        "/register",
        data=body + b"&csrf_token=" + token.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    if b"\xff" in body:  # Werkzeug drops a body that is not UTF-8 at all: the CSRF check refuses it
        assert response.status_code == 400
    else:
        assert_clean_error(response, field)
    assert count_users(app) == 0


def test_reset_token_junk(client):
    for token in ["x", "a" * 5000, "%00", "eyJ1IjoxfQ.bad.sig"]:
        response = client.get(f"/reset-password/{token}")
        assert response.status_code in (302, 404)


#: A file where a form has a text field, and JSON bodies of the wrong shape (Flask-WTF reads both into the form).
ODD_BODIES = {
    "file as e-mail": {"data": {"email": b"x", "password": PASSWORD}},
    "file as name": {"data": {**VALID_REGISTRATION, "name": b"x"}},
    "number in JSON": {"json": {"email": 5, "password": "x" * 10}},
    "object in JSON": {"json": {"email": {"a": 1}, "password": "y"}},
    "list as JSON": {"json": [1, 2]},
}


@pytest.mark.parametrize("path", ["/login", "/register", "/forgot-password"])
@pytest.mark.parametrize("kind", ODD_BODIES)
def test_files_and_json_sent_to_forms_are_refused_kindly(client, path, kind):
    token = client.csrf_token()
    body = ODD_BODIES[kind]
    if "data" in body:
        files = {
            key: (io.BytesIO(value), "f.txt")
            for key, value in body["data"].items()
            if isinstance(value, bytes)
        }
        data = {**body["data"], **files, "csrf_token": token}
        response = client.post(path, data=data, content_type="multipart/form-data")
    else:
        response = client.open(path, method="POST", json=body["json"], headers={"X-CSRFToken": token})
    assert response.status_code == 400, response.status_code
    assert "Ungültige Anfrage" in response.get_data(as_text=True)  # the error page, in German
