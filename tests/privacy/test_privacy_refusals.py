"""Deletion refused: wrong password, missing or wrong confirmation, junk, no CSRF token, somebody else's
account, the last admin. Each time the person is told why, and nothing is deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import ACCOUNT_DELETED, AuditEvent
from app.auth.models import Role
from app.certificates.models import Certificate
from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress
from tests.certificates.app_helpers import t
from tests.orgs.org_helpers import complete
from tests.privacy.privacy_helpers import DELETE, HOLDER, delete_form, rows, user_exists

PASSWORD = "correct-horse-battery"
WRONG_PASSWORD = "This is not your current password."
MISMATCH = "Please type your e-mail address exactly as shown to confirm."
EMPTY_PASSWORD = "Please enter your current password."
EMPTY_CONFIRMATION = "Please type your e-mail address to confirm."
CONTROL = "This field contains characters that are not allowed."
LAST_ADMIN = (
    "You are the last administrator. Make someone else an administrator first, then delete your account."
)


@pytest.fixture
def person(app, sample, holder, auth) -> int:
    """The holder, signed in, with a completion and a (stand-in) certificate written straight to the database."""
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
    complete(app, holder.id, course_id)
    auth.login(HOLDER)
    return holder.id


def nothing_deleted(app, user_id: int) -> None:
    assert user_exists(app, user_id)
    assert rows(app, CourseProgress, user_id=user_id) == 1
    assert rows(app, Certificate, user_id=user_id) == 1
    assert rows(app, Certificate, holder_erased_at=None) == 1
    assert rows(app, AuditEvent, kind=ACCOUNT_DELETED) == 0


def test_the_deletion_page_explains_and_asks(app, person, client):
    page = client.get(DELETE).get_data(as_text=True)
    assert 'name="password"' in page and 'name="confirmation"' in page and 'name="csrf_token"' in page
    assert t(app, "To confirm, type your e-mail address: %(email)s", email=HOLDER) in page
    assert t(app, "This cannot be undone.") in page
    nothing_deleted(app, person)


def test_a_wrong_password_is_refused(app, person, client):
    response = client.post(DELETE, data=delete_form("wrong-password-123", HOLDER))
    assert response.status_code == 200
    assert t(app, WRONG_PASSWORD) in response.get_data(as_text=True)
    nothing_deleted(app, person)
    assert client.get("/profile").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("password", "confirmation", "message"),
    [
        ("", HOLDER, EMPTY_PASSWORD),
        (PASSWORD, "", EMPTY_CONFIRMATION),
        ("", "", EMPTY_PASSWORD),
        ("   ", "   ", EMPTY_PASSWORD),
        (PASSWORD, "otto@example.org", MISMATCH),
        (PASSWORD, "lena@example.org.", MISMATCH),
        (PASSWORD, "x" * 10_000, MISMATCH),
        ("x" * 10_000, HOLDER, WRONG_PASSWORD),
        (PASSWORD, "<script>alert(1)</script>", MISMATCH),
        ("<b>" + PASSWORD + "</b>", HOLDER, WRONG_PASSWORD),
        (PASSWORD, "lena@example.org\x00", CONTROL),
        (PASSWORD, "lena\x07@example.org", CONTROL),
        (PASSWORD + "\x00", HOLDER, CONTROL),
    ],
    ids=[
        "empty-password", "empty-confirmation", "both-empty", "blanks", "other-address", "near-miss",
        "10000-confirmation", "10000-password", "html-confirmation", "html-password", "nul", "bell", "nul-password",
    ],
)  # fmt: skip
def test_junk_is_refused_with_a_clear_message(app, person, client, password, confirmation, message):
    response = client.post(DELETE, data=delete_form(password, confirmation))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert t(app, message) in page, message
    assert "<script>alert(1)</script>" not in page
    nothing_deleted(app, person)


def test_a_form_without_fields_is_refused(app, person, client):
    response = client.post(DELETE, data={})
    assert response.status_code == 200 and t(app, EMPTY_PASSWORD) in response.get_data(as_text=True)
    nothing_deleted(app, person)


def test_the_confirmation_ignores_case_and_surrounding_spaces(app, person, client):
    response = client.post(DELETE, data=delete_form(PASSWORD, "  LENA@Example.org "))
    assert response.status_code == 302
    assert not user_exists(app, person)


def test_without_a_csrf_token_nothing_happens(app, person, client):
    response = client.post(DELETE, data=delete_form(PASSWORD, HOLDER), csrf=False)
    assert response.status_code == 400
    nothing_deleted(app, person)
    bad = client.post(DELETE, data={**delete_form(PASSWORD, HOLDER), "csrf_token": "forged"}, csrf=False)
    assert bad.status_code == 400
    nothing_deleted(app, person)


def test_a_get_request_deletes_nothing(app, person, client):
    response = client.get(DELETE + f"?password={PASSWORD}&confirmation={HOLDER}")
    assert response.status_code == 200
    nothing_deleted(app, person)


def test_signed_out_visitors_cannot_delete(app, person, client, auth):
    auth.logout()
    response = client.post(DELETE, data=delete_form(PASSWORD, HOLDER))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    nothing_deleted(app, person)


def test_nobody_can_delete_someone_elses_account(app, person, client, auth, create_user):
    intruder = create_user(email="mallory@example.org", name="Mallory Intruder", locale="en")
    auth.logout()
    auth.login("mallory@example.org")
    # The victim's password and address: the form checks them against the signed-in account only.
    response = client.post(DELETE, data=delete_form(PASSWORD, HOLDER))
    assert response.status_code == 200
    assert t(app, MISMATCH, "en") in response.get_data(as_text=True)
    nothing_deleted(app, person)
    assert user_exists(app, intruder.id)
    # There is no id to put in the address either.
    assert client.post(f"{DELETE}/{person}", data=delete_form(PASSWORD, HOLDER)).status_code == 404
    assert client.post(f"{DELETE}?user_id={person}", data=delete_form("x", HOLDER)).status_code == 200
    nothing_deleted(app, person)


def test_the_last_admin_cannot_delete_their_account(app, create_user, client, auth):
    admin = create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en")
    auth.login("ada@example.org")
    page = client.get(DELETE).get_data(as_text=True)
    assert t(app, LAST_ADMIN, "en") in page and 'name="password"' not in page
    response = client.post(DELETE, data=delete_form(PASSWORD, "ada@example.org"))
    assert response.status_code == 200
    assert t(app, LAST_ADMIN, "en") in response.get_data(as_text=True)
    assert user_exists(app, admin.id)
    assert rows(app, AuditEvent, kind=ACCOUNT_DELETED) == 0


def test_one_of_two_admins_can_delete_their_account(app, create_user, client, auth):
    admin = create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en")
    create_user(role=Role.ADMIN, email="bob@example.org", name="Bob Admin", locale="en")
    auth.login("ada@example.org")
    assert client.post(DELETE, data=delete_form(PASSWORD, "ada@example.org")).status_code == 302
    assert not user_exists(app, admin.id)
    auth.login("bob@example.org")
    assert t(app, LAST_ADMIN, "en") in client.get(DELETE).get_data(as_text=True)


def test_password_guessing_through_the_form_is_rate_limited(app, person, client):
    app.config["LOGIN_RATE_LIMIT"], limit = "3 per minute", app.config["LOGIN_RATE_LIMIT"]
    try:
        codes = [
            client.post(DELETE, data=delete_form(f"guess-{n}-abc", HOLDER)).status_code for n in range(5)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = limit
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
    nothing_deleted(app, person)
