"""Registration with e-mail confirmation, without revealing which addresses have accounts."""

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from tests.fixtures.web import without_tokens

FORM = {
    "email": "wang.fang@example.cn",
    "name": "Wang Fang",
    "name_zh": "王芳",
    "locale": "zh",
    "password": "geheim-und-lang",
    "confirm": "geheim-und-lang",
}


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_confirm_and_sign_in(client, app, outbox):
    response = client.post("/register", data=FORM)
    assert response.status_code == 200
    assert "wang.fang@example.cn" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.name, user.name_zh, user.locale) == ("Wang Fang", "王芳", "zh")
        assert user.email_confirmed_at is None
        assert user.password_hash.startswith("scrypt:")

    # Not confirmed yet: signing in sends a new link instead.
    response = client.post("/login", data={"email": FORM["email"], "password": FORM["password"]})
    assert response.status_code == 200
    assert client.get("/profile").status_code == 302

    response = client.get(outbox.link(FORM["email"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/profile").status_code == 302  # confirming does not sign in
    client.post("/login", data={"email": FORM["email"], "password": FORM["password"]})
    page = client.get("/profile").get_data(as_text=True)
    assert 'lang="zh-Hans"' in page and "王芳" in page


def test_confirmation_mail_is_in_the_users_language(client, outbox, app):
    client.post("/register", data=FORM)
    message = outbox.last_to(FORM["email"])
    assert message["Subject"] != "Confirm your e-mail address"
    assert "王芳，您好" in outbox.body(message)  # Chinese mail greets with the Chinese name


def test_existing_address_gets_the_same_answer_and_a_mail(client, create_user, outbox, app):
    create_user(email="known@example.org")
    known = client.post("/register", data={**FORM, "email": "known@example.org"})
    unknown = client.post("/register", data={**FORM, "email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.get_data(as_text=True), "known@example.org") == without_tokens(
        unknown.get_data(as_text=True), "unknown@example.org"
    )
    assert count_users(app) == 2
    assert "/forgot-password" in outbox.body(outbox.last_to("known@example.org"))


def test_email_is_case_insensitive(client, create_user, app):
    create_user(email="anna@example.org")
    client.post("/register", data={**FORM, "email": "ANNA@Example.ORG"})
    assert count_users(app) == 1


def test_confirmation_link_cannot_be_forged(client):
    response = client.get("/confirm/not-a-token", follow_redirects=True)
    assert response.status_code == 200
    assert client.get("/profile").status_code == 302
