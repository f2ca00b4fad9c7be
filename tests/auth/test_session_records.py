"""The server-side session records: timeouts checked on every request (the stored times are moved back
instead of waiting), "last seen" written at most once a minute, the ends that end every session (role
change, password reset, account deletion, the command line), each in the audit log with its cause, and the
configuration's limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from app import create_app
from app.audit.models import SESSION_ENDED, AuditEvent
from app.auth.models import Role, User, utcnow
from app.extensions import db
from app.sessions.models import UserSession
from tests.fixtures.accounts import PASSWORD


def sign_in(app, email: str, **extra):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD, **extra}).status_code == 302
    return client


def move_back(app, user_id: int, **ago: timedelta) -> None:
    """Pretend the user's sessions started or were last seen that long ago."""
    now = utcnow()
    with app.app_context():
        db.session.execute(
            update(UserSession)
            .where(UserSession.user_id == user_id)
            .values(**{column: now - delta for column, delta in ago.items()})
        )
        db.session.commit()


def ends(app) -> list[tuple[int | None, dict]]:
    """(actor, details) of every session_ended event, oldest first."""
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.kind == SESSION_ENDED).order_by(AuditEvent.id)
        )
        return [(e.actor_id, e.details) for e in events]


def the_session(app, user_id: int) -> UserSession:
    with app.app_context():
        record = db.session.scalar(select(UserSession).where(UserSession.user_id == user_id))
        db.session.expunge(record)
        return record


def test_idle_for_longer_than_the_timeout(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    move_back(app, anna.id, last_seen_at=timedelta(hours=1, minutes=59))
    assert browser.get("/profile").status_code == 200  # within the two hours: still in, and seen again
    assert utcnow() - the_session(app, anna.id).last_seen_at < timedelta(minutes=1)
    move_back(app, anna.id, last_seen_at=timedelta(hours=2, minutes=1))
    assert browser.get("/profile").status_code == 302
    record = the_session(app, anna.id)
    assert record.ended_at is not None and record.end_cause == "idle"
    assert ends(app) == [(anna.id, {"session": record.id, "cause": "idle"})]
    assert browser.get("/profile").status_code == 302  # and it stays ended (one event, not one a request)
    assert len(ends(app)) == 1


def test_the_absolute_lifetime_ends_an_active_session(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    move_back(app, anna.id, created_at=timedelta(hours=12, minutes=1), last_seen_at=timedelta(seconds=5))
    assert browser.get("/profile").status_code == 302
    assert the_session(app, anna.id).end_cause == "expired"


def test_stay_signed_in_has_no_idle_timeout_but_ends_after_thirty_days(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email, remember="y")
    browser.delete_cookie("session")  # the browser was closed: only the remember-me cookie is left
    move_back(app, anna.id, created_at=timedelta(days=29), last_seen_at=timedelta(days=9))
    assert browser.get("/profile").status_code == 200
    move_back(app, anna.id, created_at=timedelta(days=30, minutes=1))
    assert browser.get("/profile").status_code == 302
    assert the_session(app, anna.id).end_cause == "expired"
    assert browser.get_cookie("remember_token") is None  # the dead cookie was deleted


def test_the_remember_me_cookie_lasts_as_long_as_its_session(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = app.test_client()
    answer = browser.post("/login", data={"email": anna.email, "password": PASSWORD, "remember": "y"})
    header = next(h for h in answer.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    cookie = browser.get_cookie("remember_token")
    lifetime = cookie.expires - utcnow().replace(tzinfo=cookie.expires.tzinfo)
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_last_seen_is_written_at_most_once_a_minute(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    with app.app_context():
        engine = db.engine
    writes: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE USER_SESSIONS"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(5):
            assert browser.get("/profile").status_code == 200
        assert writes == []  # seen at sign-in, less than a minute ago
        move_back(app, anna.id, last_seen_at=timedelta(seconds=61))
        writes.clear()  # (moving the time back was one)
        for _ in range(5):
            assert browser.get("/profile").status_code == 200
        assert len(writes) == 1
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_role_change_ends_every_session(app, create_user):
    anna = create_user(email="anna@example.org")
    create_user(Role.ADMIN, email="admin@example.org")
    laptop, phone = sign_in(app, anna.email), sign_in(app, anna.email, remember="y")
    admin = sign_in(app, "admin@example.org")
    assert admin.post(f"/admin/users/{anna.id}/role", data={"role": "trainer"}).status_code == 302
    assert laptop.get("/profile").status_code == 302
    phone.delete_cookie("session")
    assert phone.get("/profile").status_code == 302
    assert [details["cause"] for _actor, details in ends(app)] == ["role_changed", "role_changed"]
    assert sign_in(app, anna.email).get("/profile").status_code == 200  # signing in again works


def test_the_command_line_role_change_ends_them_too(app, runner, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    assert runner.invoke(args=["users", "set-role", anna.email, "trainer"]).exit_code == 0
    assert browser.get("/profile").status_code == 302
    assert ends(app)[0] == (None, {"session": 1, "cause": "role_changed"})


def test_a_password_reset_ends_every_session_with_its_cause(app, create_user, outbox):
    anna = create_user(email="anna@example.org")
    browsers = [sign_in(app, anna.email), sign_in(app, anna.email, remember="y")]
    helper = app.test_client()
    helper.post("/forgot-password", data={"email": anna.email})
    helper.post(outbox.link(anna.email), data={"password": "a-new-password", "confirm": "a-new-password"})
    assert all(b.get("/profile").status_code == 302 for b in browsers)
    assert [(actor, details["cause"]) for actor, details in ends(app)] == [(anna.id, "password_reset")] * 2


def test_deleting_the_account_ends_and_removes_its_sessions(app, create_user):
    anna = create_user(email="anna@example.org")
    other = sign_in(app, anna.email, remember="y")
    here = sign_in(app, anna.email)
    answer = here.post("/profile/delete", data={"password": PASSWORD, "confirmation": anna.email})
    assert answer.status_code == 302
    assert here.get_cookie("remember_token") is None
    other.delete_cookie("session")
    assert other.get("/profile").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(UserSession)).all() == []
    recorded = ends(app)
    assert [details["cause"] for _actor, details in recorded] == ["account_deleted"] * 2
    assert all(actor is None for actor, _details in recorded)  # scrubbed like the person's other events


def test_the_command_line_ends_and_prunes(app, runner, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    ended = runner.invoke(args=["sessions", "end", "ANNA@example.org"])
    assert ended.exit_code == 0 and "ended 1 sessions" in ended.output
    assert browser.get("/profile").status_code == 302
    assert runner.invoke(args=["sessions", "end", "nobody@example.org"]).exit_code != 0
    fresh = sign_in(app, anna.email)
    pruned = runner.invoke(args=["sessions", "prune", "--older-than", "30", "--yes"])
    assert pruned.exit_code == 0 and "deleted 0 session records" in pruned.output
    move_back(app, anna.id, created_at=timedelta(days=31))
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.ended_at.is_not(None)).values(
            ended_at=utcnow() - timedelta(days=31)
        ))  # fmt: skip
        db.session.commit()
    pruned = runner.invoke(args=["sessions", "prune", "--older-than", "30", "--yes"])
    assert "deleted 2 session records" in pruned.output
    assert fresh.get("/profile").status_code == 302
    assert runner.invoke(args=["sessions", "prune", "--older-than", "7", "--yes"]).exit_code != 0


@pytest.mark.parametrize(
    ("setting", "value"),
    [("SESSION_REMEMBER_LIFETIME", 31 * 24 * 3600), ("SESSION_IDLE_TIMEOUT", 0), ("SESSION_LIFETIME", -1)],
)
def test_the_configuration_keeps_sessions_bounded(setting, value):
    with pytest.raises(RuntimeError, match=setting):
        create_app({setting: value})


def test_production_cookies_are_host_only(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("SERVER_BASE_URL", "https://academy.example.org")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = create_app("production").config
    assert config["SESSION_COOKIE_NAME"] == "__Host-session" and config["SESSION_COOKIE_SECURE"]
    assert config["REMEMBER_COOKIE_NAME"] == "__Host-remember_token" and config["REMEMBER_COOKIE_SECURE"]
    assert config["REMEMBER_COOKIE_DURATION"] == config["SESSION_REMEMBER_LIFETIME"] == 30 * 24 * 3600
    assert config["SESSION_IDLE_TIMEOUT"] == 2 * 3600 and config["SESSION_LIFETIME"] == 12 * 3600


def test_a_user_object_without_a_session_cannot_sign_in(app, create_user):
    anna = create_user(email="anna@example.org")
    with app.app_context():
        user = db.session.get(User, anna.id)
        with pytest.raises(RuntimeError, match="begin"):
            user.get_id()
