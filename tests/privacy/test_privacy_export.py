"""Downloading one's data: a JSON file with everything about the person, and nothing about anybody else."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.audit.models import CERTIFICATE_ISSUED, CERTIFICATE_REVOKED, LOGIN, ROLE_CHANGED
from app.audit.services import record
from app.auth.models import Role, User
from app.authoring.models import Draft
from app.courses.models import Course, CourseTrainer, Module, ModuleRevision
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Membership
from app.privacy.export import FORMAT, VERSION, export_personal_data
from tests.certificates.app_helpers import t
from tests.privacy.privacy_helpers import (
    EXPORT,
    HOLDER,
    HOLDER_NAME,
    HOLDER_ZH,
    OTHER,
    OTHER_NAME,
    OTHER_ZH,
)

SECTIONS = {
    "format", "version", "exported_at", "account", "course_progress", "module_progress", "quiz_attempts",
    "quiz_overrides", "certificates", "company", "invitations_used", "teaching", "api_tokens_created", "sessions", "audit_events",
}  # fmt: skip


def join_company(
    app, user_id: int, manager_email: str = "boss@acme.example", share_scores: bool = True
) -> None:
    """Acme invites the person by e-mail and they join with the invitation; they share their scores."""
    with app.test_request_context():  # the invitation is mailed, with a link
        boss = db.session.scalar(select(User).where(User.email == manager_email))
        org = orgs.org_by_name("Acme GmbH") or orgs.create_org("Acme GmbH")
        orgs.add_manager(org, boss)
        user = db.session.get(User, user_id)
        invitation = orgs.invite(org, boss, user.email)
        membership = orgs.join(invitation.code, user)
        orgs.set_privacy(membership, share_scores=share_scores, share_history=False)
        orgs.set_team(membership, "Regulatory")
        db.session.commit()


def download(client):  # type: ignore[no-untyped-def]
    response = client.get(EXPORT)
    assert response.status_code == 200, response.status_code
    return response, json.loads(response.get_data(as_text=True))


def test_the_export_is_a_json_download_that_is_never_cached(completed, client):
    response, data = download(client)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="chinvalue-academy-data-')
    assert response.headers["Content-Disposition"].endswith('.json"')
    assert response.headers["Cache-Control"] == "no-store"
    assert set(data) == SECTIONS
    assert data["format"] == FORMAT and data["version"] == VERSION


def test_the_export_holds_everything_about_the_person(app, completed, client, create_user):
    create_user(email="boss@acme.example", name="Bea Boss", locale="en")
    join_company(app, completed.id)
    with app.app_context():
        record(LOGIN, actor_id=completed.id, target=f"user:{completed.id}")
        db.session.commit()
    _response, data = download(client)

    account = data["account"]
    assert account["id"] == completed.id and account["email"] == HOLDER
    assert account["name"] == HOLDER_NAME and account["name_zh"] == HOLDER_ZH
    assert account["locale"] == "de" and account["role"] == "participant"
    assert account["created_at"].endswith("Z") and account["email_confirmed_at"]
    assert "password_hash" not in account and "session_token" not in account

    [course] = data["course_progress"]
    assert course["course"]["slug"] == "sample" and course["percent"] == 100.0 and course["completed_at"]
    assert [m["status"] for m in data["module_progress"]] == ["passed"]
    attempts = data["quiz_attempts"]
    assert [a["number"] for a in attempts] == [1, 2]
    assert [a["passed"] for a in attempts] == [False, True]
    assert all(a["answers"] and a["results"] and a["questions_shown"] for a in attempts)
    assert attempts[1]["percent"] == 100.0 and attempts[1]["module"] == "basics"
    assert attempts[1]["course"]["slug"] == "sample" and attempts[1]["quiz_revision"] == 1

    [certificate] = data["certificates"]
    assert certificate["id"] == completed.certificate and certificate["status"] == "valid"
    assert certificate["name"] == HOLDER_NAME and certificate["name_zh"] == HOLDER_ZH
    assert certificate["verify_url"].endswith(f"/verify/{completed.certificate}")
    assert len(certificate["sha256"]) == 64
    assert "pdf" not in certificate  # the PDF is on the certificates page, not in the JSON

    company = data["company"]
    assert company == {
        "name": "Acme GmbH", "role": "member", "team": "Regulatory", "joined_at": company["joined_at"],
        "share_scores": True, "share_history": False,
    }  # fmt: skip
    [invitation] = data["invitations_used"]
    assert invitation["company"] == "Acme GmbH" and invitation["sent_to"] == HOLDER and invitation["used_at"]
    assert data["teaching"] == {"courses": [], "drafts": [], "module_revisions": [], "quiz_revisions": []}
    [session] = data["sessions"]  # the browser that downloads it
    assert (
        session["started_at"].endswith("Z") and session["ended_at"] is None and session["ip"] == "127.0.0.1"
    )
    assert session["stay_signed_in"] is False and "token" not in str(session)
    events = data["audit_events"]
    assert {"kind": LOGIN, "by_you": True, "target": f"user:{completed.id}"}.items() <= events[-1].items()
    issued = [e for e in events if e["target"] == f"certificate:{completed.certificate}"]
    assert all(e["kind"] == CERTIFICATE_ISSUED for e in issued)  # recorded once the audit log is wired in


def test_the_export_contains_nobody_elses_data(app, completed, other, client, create_user):
    admin = create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en")
    create_user(email="boss@acme.example", name="Bea Boss", locale="en")
    join_company(app, completed.id)
    join_company(app, other.id)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        record(
            ROLE_CHANGED, actor_id=admin.id, target=f"user:{completed.id}", old="participant", new="trainer"
        )
        record(ROLE_CHANGED, actor_id=admin.id, target=f"user:{other.id}", old="participant", new="trainer")
        record(LOGIN, actor_id=other.id, target=f"user:{other.id}")
        record(CERTIFICATE_REVOKED, actor_id=admin.id, target=f"certificate:{other.certificate}", reason="x")
        record(
            CERTIFICATE_REVOKED, actor_id=admin.id, target=f"certificate:{completed.certificate}", reason="y"
        )
        db.session.commit()
    response, data = download(client)
    text = response.get_data(as_text=True)
    for foreign in (OTHER, OTHER_NAME, OTHER_ZH, other.certificate, "Ada Admin", "ada@example.org", "Bea Boss",
                    "boss@acme.example", "203.0.113.9", f"user:{other.id}"):  # fmt: skip
        assert foreign not in text, foreign
    assert len(data["quiz_attempts"]) == 2 and len(data["certificates"]) == 1
    [event] = [
        e for e in data["audit_events"] if e["kind"] == ROLE_CHANGED
    ]  # the admin's, without the address
    assert event["by_you"] is False and event["ip"] is None and event["target"] == f"user:{completed.id}"
    assert event["details"] == {"old": "participant", "new": "trainer"}
    [revoked] = [e for e in data["audit_events"] if e["kind"] == CERTIFICATE_REVOKED]
    assert revoked["target"] == f"certificate:{completed.certificate}" and revoked["details"] == {
        "reason": "y"
    }


def test_an_export_asks_for_nobody_by_id(completed, other, client):
    """There is no id in the address: whatever is added, the signed-in person gets their own data."""
    for query in (f"?user_id={other.id}", f"?id={other.id}", f"?email={OTHER}"):
        response = client.get(EXPORT + query)
        data = json.loads(response.get_data(as_text=True))
        assert data["account"]["email"] == HOLDER
        assert OTHER not in response.get_data(as_text=True)
    assert client.get(f"/profile/data/export.json/{other.id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in (EXPORT, "/profile/data", "/profile/delete"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_the_data_page_is_linked_from_the_profile(app, holder, client, auth):
    auth.login(HOLDER)
    profile = client.get("/profile").get_data(as_text=True)
    assert 'href="/profile/data"' in profile
    page = client.get("/profile/data").get_data(as_text=True)
    assert 'href="/profile/data/export.json"' in page and 'href="/profile/delete"' in page
    assert t(app, "Download my data (JSON)") in page


def test_a_trainer_gets_what_they_wrote(app, sample, create_user, client, auth):
    trainer = create_user(role=Role.TRAINER, email="tina@example.org", name="Tina Trainer", locale="en")
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        module = db.session.scalar(select(Module).where(Module.course_id == course.id))
        db.session.add(CourseTrainer(course_id=course.id, user_id=trainer.id))
        db.session.add(Draft(module_id=module.id, kind="module", lang="en", source="# Draft by Tina\n",
                             author_id=trainer.id, base_number=1))  # fmt: skip
        revision = db.session.scalar(select(ModuleRevision).where(ModuleRevision.module_id == module.id))
        revision.author_id = trainer.id
        db.session.commit()
    auth.login("tina@example.org")
    _response, data = download(client)
    teaching = data["teaching"]
    assert [c["course"]["slug"] for c in teaching["courses"]] == ["sample"]
    [draft] = teaching["drafts"]
    assert (
        draft["source"] == "# Draft by Tina\n" and draft["module"] == "basics" and draft["kind"] == "module"
    )
    [published] = teaching["module_revisions"]
    assert published["number"] == 1 and set(published["texts"]) >= {"de", "en"}
    assert all(text.strip() for text in published["texts"].values())
    assert teaching["quiz_revisions"] == []


def test_the_export_function_needs_no_request(app, completed):
    """The domain function runs outside a request (e.g. from a shell or a job)."""
    with app.app_context():
        user = db.session.get(User, completed.id)
        data = export_personal_data(user)
        assert data["account"]["email"] == HOLDER
        assert json.loads(json.dumps(data)) == data  # JSON-ready as it is
        assert db.session.scalar(select(Membership).where(Membership.user_id == completed.id)) is None
