"""Admins' page of one person (progress, certificates, company, sessions), accounts created in the browser,
confirmation resent, accounts deactivated and reactivated; nobody else reaches any of it."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from tests.fixtures.accounts import PASSWORD


def _user(app, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_user_page_shows_the_person(client, auth, create_user):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    anna = create_user(email="anna@example.org", name="Anna Müller", name_zh="安娜")
    auth.login("admin@example.org")
    assert f"/admin/users/{anna.id}" in client.get("/admin/users").get_data(as_text=True)
    page = client.get(f"/admin/users/{anna.id}").get_data(as_text=True)
    assert "Anna Müller" in page and "安娜" in page and "anna@<wbr>example<wbr>.org" in page
    assert "No course started yet." in page and "No certificates yet." in page
    assert client.get("/admin/users/999999").status_code == 404


def test_only_admins_reach_the_person_pages(client, auth, create_user):
    create_user(Role.TRAINER, email="trainer@example.org")
    anna = create_user(email="anna@example.org")
    paths = [f"/admin/users/{anna.id}", "/admin/users/new"]
    posts = [f"/admin/users/{anna.id}/deactivate", f"/admin/users/{anna.id}/reactivate",
             f"/admin/users/{anna.id}/resend-confirmation", "/admin/users/new"]  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 302  # anonymous: to the sign-in page
    auth.login("trainer@example.org")
    for path in paths:
        assert client.get(path).status_code == 403
    for path in posts:
        assert client.post(path).status_code == 403
    auth.logout()
    create_user(Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    for path in posts:
        assert client.post(path, csrf=False).status_code == 400, path


def test_admin_creates_an_account_and_the_person_gets_a_link(app, client, auth, create_user, outbox):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    auth.login("admin@example.org")
    form = {
        "email": "li.na@example.cn",
        "name": "Li Na",
        "name_zh": "李娜",
        "locale": "zh",
        "role": "trainer",
    }
    response = client.post("/admin/users/new", data=form)
    assert response.status_code == 302
    created = _user(app, "li.na@example.cn")
    assert (created.name, created.locale, created.role) == ("Li Na", "zh", "trainer")
    assert created.email_confirmed_at is not None
    assert "/reset-password/" in outbox.link("li.na@example.cn")
    again = client.post("/admin/users/new", data=form)
    assert again.status_code == 400 and "already has an account" in again.get_data(as_text=True)


def test_create_account_junk(app, client, auth, create_user):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    auth.login("admin@example.org")
    good = {"email": "x@example.org", "name": "X Y", "name_zh": "", "locale": "de", "role": "participant"}
    for junk in ({}, {**good, "email": "nope"}, {**good, "role": "emperor"}, {**good, "locale": "xx"},
                 {**good, "name": "a" * 500}, {**good, "name": "Bad\x00Name"}, {**good, "name_zh": "Latin"}):  # fmt: skip
        response = client.post("/admin/users/new", data=junk)
        assert response.status_code == 400, junk
        assert 'class="error"' in response.get_data(as_text=True)
    assert _user(app, "x@example.org") is None


def test_deactivated_account_cannot_sign_in_and_is_signed_out(app, client, auth, create_user):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    anna = create_user(email="anna@example.org", locale="en")
    other = app.test_client()
    assert other.post("/login", data={"email": "anna@example.org", "password": PASSWORD}).status_code in (
        302,
        200,
    )
    auth.login("admin@example.org")
    assert client.post(f"/admin/users/{anna.id}/deactivate").status_code == 302
    assert _user(app, "anna@example.org").deactivated_at is not None
    assert other.get("/profile").status_code == 302  # the open session is gone
    auth.logout()
    refused = client.post(
        "/login", data={"email": "anna@example.org", "password": PASSWORD}, headers={"Accept-Language": "en"}
    )
    assert refused.status_code == 200 and "This account is deactivated" in refused.get_data(as_text=True)
    auth.login("admin@example.org")
    assert client.post(f"/admin/users/{anna.id}/reactivate").status_code == 302
    auth.logout()
    assert auth.login("anna@example.org").status_code == 302


def test_last_admin_cannot_be_deactivated_and_confirmation_is_resent(app, client, auth, create_user, outbox):
    admin = create_user(Role.ADMIN, email="admin@example.org", locale="en")
    unconfirmed = create_user(email="late@example.org", confirmed=False)
    auth.login("admin@example.org")
    page = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "last administrator" in page and _user(app, "admin@example.org").deactivated_at is None
    client.post(f"/admin/users/{unconfirmed.id}/resend-confirmation")
    assert "/confirm/" in outbox.link("late@example.org")
    page = client.post(f"/admin/users/{admin.id}/resend-confirmation", follow_redirects=True)
    assert "already confirmed" in page.get_data(as_text=True)


def test_company_page_lists_its_people_only(app, client, auth, create_user):
    from app.orgs import services as orgs

    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    boss = create_user(email="boss@acme.example", name="Maria Manager")
    create_user(email="eva@beta.example", name="Eva Beta")
    with app.app_context():
        acme = orgs.create_org("Acme GmbH")
        orgs.add_manager(acme, db.session.get(User, boss.id))
        db.session.commit()
        acme_id = acme.id
    assert client.get(f"/admin/companies/{acme_id}").status_code == 302
    auth.login("boss@acme.example")
    assert client.get(f"/admin/companies/{acme_id}").status_code == 403  # a manager is no admin
    auth.logout()
    auth.login("admin@example.org")
    assert f"/admin/companies/{acme_id}" in client.get("/admin/companies").get_data(as_text=True)
    page = client.get(f"/admin/companies/{acme_id}").get_data(as_text=True)
    assert "Maria Manager" in page and "Eva Beta" not in page and f"/admin/users/{boss.id}" in page
    assert client.get("/admin/companies/999999").status_code == 404
