"""The foundation's promise in one story: register in Chinese, switch to German, reset the password
through the outbox, and get promoted to trainer by an admin."""

from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db


def test_register_in_chinese_switch_reset_and_promote(app, client, auth, outbox, create_user):
    client.post("/language", data={"lang": "zh"})
    page = client.get("/register").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and "注册" in page
    client.post(
        "/register",
        data={
            "email": "li.na@example.cn",
            "name": "Li Na",
            "name_zh": "李娜",
            "locale": "zh",
            "password": "erstes-passwort",
            "confirm": "erstes-passwort",
        },
    )
    client.get(outbox.link("li.na@example.cn"))  # confirm, then sign in
    auth.login("li.na@example.cn", "erstes-passwort")
    assert 'lang="zh-Hans"' in client.get("/profile").get_data(as_text=True)

    client.post("/language", data={"lang": "de"})
    assert '<html lang="de">' in client.get("/profile").get_data(as_text=True)
    auth.logout()

    client.post("/forgot-password", data={"email": "li.na@example.cn"})
    mail = outbox.last_to("li.na@example.cn")
    assert "Passwort" in mail["Subject"]  # the account's language is German now
    client.post(
        outbox.link("li.na@example.cn"), data={"password": "zweites-passwort", "confirm": "zweites-passwort"}
    )
    assert auth.login("li.na@example.cn", "zweites-passwort").status_code == 302
    auth.logout()

    create_user(Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    with app.app_context():
        li_na = db.session.scalar(select(User).where(User.email == "li.na@example.cn"))
    client.post(f"/admin/users/{li_na.id}/role", data={"role": "trainer"})
    with app.app_context():
        assert db.session.get(User, li_na.id).role == "trainer"
