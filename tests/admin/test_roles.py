"""Admins change roles; nobody else can."""

import re

from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db


def role_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(User.role).where(User.id == user_id))


def test_admin_promotes_a_trainer(client, auth, app, create_user):
    create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org", name="Anna Müller")
    auth.login("admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Anna Müller" in page
    response = client.post(f"/admin/users/{anna.id}/role", data={"role": "trainer"})
    assert response.status_code == 302
    assert role_of(app, anna.id) == "trainer"


def test_search(client, auth, create_user):
    create_user(Role.ADMIN, email="admin@example.org", name="Admin")
    create_user(email="zhang@example.cn", name="Zhang San")
    auth.login("admin@example.org")
    page = client.get("/admin/users?q=zhang").get_data(as_text=True)
    assert "Zhang San" in page
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "Zhang San" not in page


def test_participants_and_trainers_cannot(client, auth, app, create_user):
    anna = create_user(email="anna@example.org")
    create_user(Role.TRAINER, email="trainer@example.org")
    for email in ("anna@example.org", "trainer@example.org"):
        auth.login(email)
        assert client.get("/admin/users").status_code == 403
        assert client.post(f"/admin/users/{anna.id}/role", data={"role": "admin"}).status_code == 403
        auth.logout()
    assert client.post(f"/admin/users/{anna.id}/role", data={"role": "admin"}).status_code == 302
    assert role_of(app, anna.id) == "participant"


def test_last_admin_keeps_the_role(client, auth, app, create_user):
    admin = create_user(Role.ADMIN, email="admin@example.org")
    auth.login("admin@example.org")
    client.post(f"/admin/users/{admin.id}/role", data={"role": "participant"})
    assert role_of(app, admin.id) == "admin"


def test_invalid_role_and_unknown_user(client, auth, app, create_user):
    create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org")
    auth.login("admin@example.org")
    client.post(f"/admin/users/{anna.id}/role", data={"role": "superuser"})
    assert role_of(app, anna.id) == "participant"
    assert client.post("/admin/users/999999/role", data={"role": "admin"}).status_code == 404


def test_role_change_needs_csrf(client, auth, app, create_user):
    create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org")
    auth.login("admin@example.org")
    response = client.post(f"/admin/users/{anna.id}/role", data={"role": "admin"}, csrf=False)
    assert response.status_code == 400
    assert role_of(app, anna.id) == "participant"
    assert re.search(r"<h1>[^<]+</h1>", response.get_data(as_text=True))


def test_the_user_list_pages_keep_the_search(client, auth, app, create_user):
    from app.admin.routes import PER_PAGE

    create_user(Role.ADMIN, email="admin@example.org", name="Admin")
    with app.app_context():
        db.session.add_all(
            User(
                email=f"p{n:03d}@pager.example", name=f"Pager {n:03d}", password_hash="!", role="participant"
            )
            for n in range(PER_PAGE + 3)
        )
        db.session.commit()
    auth.login("admin@example.org")
    first = client.get("/admin/users?q=pager").get_data(as_text=True)
    assert re.search(r'href="/admin/users\?(?=[^"]*page=2)(?=[^"]*q=pager)[^"]*"', first), "no link to page 2"
    second = client.get("/admin/users?q=pager&page=2").get_data(as_text=True)
    assert "admin@<wbr>example" not in second and second.count("@<wbr>pager<wbr>.example") == 3
    assert re.search(r'href="/admin/users\?(?=[^"]*page=1)(?=[^"]*q=pager)[^"]*"', second), "no link back"
