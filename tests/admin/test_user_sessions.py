"""Admins see where a user is signed in and can end all of it; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import SESSION_ENDED, AuditEvent
from app.auth.models import Role
from app.extensions import db
from tests.fixtures.accounts import PASSWORD

EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.0.0"
)


def sign_in(app, email: str, **environ):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base.update(environ)
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_an_admin_ends_all_sessions_of_a_user(app, create_user):
    anna = create_user(email="anna@example.org", name="Anna Müller")
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    browsers = [sign_in(app, anna.email, HTTP_USER_AGENT=EDGE, REMOTE_ADDR="203.0.113.5") for _ in range(2)]
    admin = sign_in(app, "admin@example.org")
    assert f"/admin/users/{anna.id}/sessions" in admin.get("/admin/users").get_data(as_text=True)
    page = admin.get(f"/admin/users/{anna.id}/sessions").get_data(as_text=True)
    assert "Where Anna Müller is signed in" in page
    assert page.count("Edge 131 on Windows") == 2 and "203.0.113.5" in page
    answer = admin.post(f"/admin/users/{anna.id}/sessions/end", follow_redirects=True)
    assert "2 sessions of Anna Müller were ended." in answer.get_data(as_text=True)
    assert all(b.get("/profile").status_code == 302 for b in browsers)
    assert admin.get("/admin/audit").status_code == 200  # the admin's own session goes on
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == SESSION_ENDED)).all()
    assert [(e.target, e.details["cause"]) for e in events] == [(f"user:{anna.id}", "ended_by_admin")] * 2
    audit = admin.get("/admin/audit?kind=session_ended").get_data(as_text=True)
    assert "ended by an administrator" in audit and "Session ended" in audit


def test_only_admins_and_only_by_post_with_a_token(app, create_user):
    anna = create_user(email="anna@example.org")
    create_user(Role.TRAINER, email="trainer@example.org")
    create_user(Role.ADMIN, email="admin@example.org")
    browser = sign_in(app, anna.email)
    trainer = sign_in(app, "trainer@example.org")
    assert trainer.get(f"/admin/users/{anna.id}/sessions").status_code == 403
    assert trainer.post(f"/admin/users/{anna.id}/sessions/end").status_code == 403
    admin = sign_in(app, "admin@example.org")
    assert admin.post(f"/admin/users/{anna.id}/sessions/end", csrf=False).status_code == 400
    assert admin.get(f"/admin/users/{anna.id}/sessions/end").status_code == 405
    assert admin.get("/admin/users/999999/sessions").status_code == 404
    assert browser.get("/profile").status_code == 200
