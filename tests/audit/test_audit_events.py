"""Security-relevant actions write an audit event, in the same transaction as the change."""

from __future__ import annotations

from sqlalchemy import select

from app.audit import models as audit
from app.audit.models import AuditEvent
from app.auth.models import Role
from app.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.learning import import_folder
from tests.fixtures.web import without_tokens


def events(app, kind: str | None = None) -> list[AuditEvent]:
    """The audit events (of one kind), oldest first, detached."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if kind:
            query = query.where(AuditEvent.kind == kind)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def test_sign_in_and_out(app, auth, create_user):
    anna = create_user(email="anna@example.org")
    auth.login("Anna@Example.org", remember="y")
    auth.logout()
    login, logout = events(app)
    assert (login.kind, login.actor_id, login.target) == (audit.LOGIN, anna.id, f"user:{anna.id}")
    assert login.details == {"remember": True, "session": 1} and login.ip == "127.0.0.1"
    assert (logout.kind, logout.actor_id, logout.details) == (audit.LOGOUT, anna.id, {"session": 1})


def test_logout_without_a_session_records_nothing(app, auth):
    assert auth.logout().status_code == 302
    assert events(app) == []


def test_failed_sign_ins_are_recorded_without_telling_the_visitor(app, client, auth, create_user):
    anna = create_user(email="anna@example.org")
    known = auth.login("ANNA@example.org", "wrong-password").get_data(as_text=True)
    unknown = auth.login("nobody@example.org", "wrong-password").get_data(as_text=True)
    assert without_tokens(known, "ANNA@example.org") == without_tokens(unknown, "nobody@example.org")
    first, second = events(app, audit.LOGIN_FAILED)
    assert (first.actor_id, first.target, first.details) == (
        None,
        f"user:{anna.id}",
        {"email": "anna@example.org"},
    )
    assert (second.actor_id, second.target, second.details) == (None, None, {"email": "nobody@example.org"})
    assert client.get("/profile").status_code == 302


def test_a_failed_sign_in_keeps_a_clipped_address(app, auth):
    typed = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58  # 250 characters, a valid form
    auth.login(typed, "wrong-password")
    (event,) = events(app, audit.LOGIN_FAILED)
    assert event.details["email"] == typed and len(event.details["email"]) <= 254


def test_an_invalid_form_is_not_a_sign_in_attempt(app, auth):
    auth.login("not an address", "whatever")
    assert events(app) == []


def test_password_change(app, client, auth, create_user):
    anna = create_user(email="anna@example.org")
    auth.login(anna.email)
    client.post(
        "/profile/password",
        data={"current": "nope-nope", "password": "new-pass-123", "confirm": "new-pass-123"},
    )
    assert events(app, audit.PASSWORD_CHANGED) == []
    client.post(
        "/profile/password", data={"current": PASSWORD, "password": "new-pass-123", "confirm": "new-pass-123"}
    )
    (event,) = events(app, audit.PASSWORD_CHANGED)
    assert (event.actor_id, event.target) == (anna.id, f"user:{anna.id}")
    # The session it was changed in ended with the others; continuing in a new one is no new sign-in.
    assert [e.kind for e in events(app)] == [audit.LOGIN, audit.SESSION_ENDED, audit.PASSWORD_CHANGED]
    assert events(app, audit.SESSION_ENDED)[0].details == {"session": 1, "cause": "password_changed"}


def test_password_reset(app, client, create_user, outbox):
    anna = create_user(email="anna@example.org")
    client.post("/forgot-password", data={"email": anna.email})
    link = outbox.link(anna.email)
    client.post(link, data={"password": "brand-new-pass", "confirm": "brand-new-pass"})
    (event,) = events(app, audit.PASSWORD_RESET)
    assert (event.actor_id, event.target) == (anna.id, f"user:{anna.id}")


def test_role_change_by_an_admin(app, client, auth, create_user):
    admin = create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org")
    auth.login(admin.email)
    client.post(f"/admin/users/{anna.id}/role", data={"role": "trainer"})
    client.post(f"/admin/users/{anna.id}/role", data={"role": "trainer"})  # no change: no event
    client.post(f"/admin/users/{admin.id}/role", data={"role": "participant"})  # the last admin: refused
    (event,) = events(app, audit.ROLE_CHANGED)
    assert (event.actor_id, event.target) == (admin.id, f"user:{anna.id}")
    assert event.details == {"old": "participant", "new": "trainer"}


def test_role_changes_from_the_command_line(app, runner, create_user):
    anna = create_user(email="anna@example.org")
    assert runner.invoke(args=["users", "set-role", "anna@example.org", "admin"]).exit_code == 0
    args = [
        "users",
        "create",
        "--email",
        "root@example.org",
        "--password",
        "x" * 12,
        "--name",
        "Root",
        "--role",
        "admin",
    ]
    assert runner.invoke(args=args).exit_code == 0
    runner.invoke(args=["users", "create", "--email", "p@example.org", "--password", "x" * 12, "--name", "P"])
    cli_change, created = events(app, audit.ROLE_CHANGED)
    assert (cli_change.actor_id, cli_change.ip, cli_change.target) == (None, None, f"user:{anna.id}")
    assert cli_change.details == {"old": "participant", "new": "admin"}
    assert created.details == {"old": None, "new": "admin", "created": True}


def test_certificates_issued_and_revoked(app, client, auth, runner, create_user, tmp_path):
    from tests.fixtures.learning import SAMPLE

    import_folder(app, SAMPLE)
    admin = create_user(Role.ADMIN, email="admin@example.org")
    anna = create_user(email="anna@example.org")
    result = runner.invoke(
        args=["certs", "issue", "--email", anna.email, "--course", "sample", "--reason", "Live workshop"]
    )
    assert result.exit_code == 0, result.output
    public_id = result.output.strip()
    auth.login(admin.email)
    client.post(f"/admin/certificates/{public_id}/reissue", data={"lang": "en"})
    issued = events(app, audit.CERTIFICATE_ISSUED)
    revoked = events(app, audit.CERTIFICATE_REVOKED)
    assert [(e.actor_id, e.target) for e in issued][0] == (None, f"certificate:{public_id}")
    assert issued[0].details == {
        "holder": f"user:{anna.id}",
        "course": "sample",
        "lang": "de",
        "source": "manual",
        "completed_on": issued[0].details["completed_on"],
        "reason": "Live workshop",
    }
    assert issued[1].actor_id == admin.id and issued[1].details["source"] == "reissue"
    new_id = issued[1].target.removeprefix("certificate:")
    assert [(e.actor_id, e.target, e.details["category"]) for e in revoked] == [
        (admin.id, f"certificate:{public_id}", "replaced")
    ]
    note = "Fraud <b>suspected</b>"
    client.post(
        f"/admin/certificates/{new_id}/revoke", data={"category": "obtained_improperly", "note": note}
    )
    last = events(app, audit.CERTIFICATE_REVOKED)[-1]
    assert (last.actor_id, last.target, last.details["category"], last.details["reason"]) == (
        admin.id,
        f"certificate:{new_id}",
        "obtained_improperly",
        note,
    )


def test_an_event_is_not_kept_when_the_change_is_rolled_back(app, create_user):
    from app.audit.services import record

    anna = create_user(email="anna@example.org")
    with app.app_context():
        record(audit.ROLE_CHANGED, target=f"user:{anna.id}", old="participant", new="admin")
        db.session.rollback()
    assert events(app) == []


def test_unknown_kinds_and_nul_bytes(app):
    import pytest

    from app.audit.services import record

    with app.app_context():
        with pytest.raises(ValueError):
            record("coffee_made")
        event = record(audit.LOGIN_FAILED, email="a\x00b" + "x" * 400, target="t" * 100)
        assert event.details["email"] == "ab" + "x" * 252 and len(event.target) == 80
        db.session.rollback()


def test_a_move_between_companies(app, client, auth, create_user):
    from app.orgs import services as orgs

    admin = create_user(Role.ADMIN, email="admin@example.org", locale="en")
    anna = create_user(email="anna@example.org")
    with app.app_context():
        acme, beta = orgs.create_org("Acme GmbH"), orgs.create_org("Beta AG")
        db.session.commit()
        acme_id, beta_id, slugs = acme.id, beta.id, (acme.slug, beta.slug)
    auth.login(admin.email)
    for org in (acme_id, beta_id):
        response = client.post(
            "/admin/companies/move", data={"email": anna.email, "org": str(org), "role": "member"}
        )
        assert response.status_code == 302
    into, moved = events(app, audit.MEMBER_MOVED)
    assert (into.actor_id, into.target, into.details) == (
        admin.id,
        f"user:{anna.id}",
        {"from": None, "to": slugs[0], "role": "member"},
    )
    assert moved.details == {"from": slugs[0], "to": slugs[1], "role": "member"}
