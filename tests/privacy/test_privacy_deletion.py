"""Deleting one's account: the person's rows are gone, certificates stay verifiable without the name."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.audit.models import ACCOUNT_DELETED, LOGIN, AuditEvent
from app.audit.services import record
from app.auth.models import Role, User
from app.authoring.models import Draft
from app.certificates.models import Certificate
from app.courses.models import Course, CourseTrainer, Module, ModuleRevision, QuizRevision
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Invitation, Membership, Organisation
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt
from tests.certificates.app_helpers import certificate, t
from tests.orgs.org_helpers import complete
from tests.privacy.privacy_helpers import (
    DELETE,
    HOLDER,
    HOLDER_NAME,
    HOLDER_ZH,
    JSON,
    OTHER_NAME,
    delete_form,
    rows,
    upload,
    user_exists,
)
from tests.privacy.test_privacy_export import join_company

PASSWORD = "correct-horse-battery"
GOODBYE = "Your account and your personal data have been deleted. Goodbye!"
#: Shown as is (Jinja marks translated text safe; only placeholders are escaped), so compare with html=False.
NAME_REMOVED = "The holder's name was removed at their request."


def delete_account(client, email: str = HOLDER, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(DELETE, data=delete_form(password, email))


def test_deletion_removes_the_persons_rows(app, completed, other, client, create_user):
    create_user(email="boss@acme.example", name="Bea Boss", locale="en")
    join_company(app, completed.id)
    with app.app_context():
        record(LOGIN, actor_id=completed.id, target=f"user:{completed.id}")
        db.session.commit()
    before = {
        model: rows(app, model, user_id=other.id) for model in (QuizAttempt, ModuleProgress, CourseProgress)
    }
    assert rows(app, QuizAttempt, user_id=completed.id) == 2

    response = delete_account(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"

    assert not user_exists(app, completed.id)
    for model in (QuizAttempt, ModuleProgress, CourseProgress, Membership, CourseTrainer):
        assert rows(app, model, user_id=completed.id) == 0, model
    for model, count in before.items():  # the other participant keeps everything
        assert rows(app, model, user_id=other.id) == count
    assert user_exists(app, other.id)
    assert rows(app, Organisation) == 1  # the company stays
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.used_at is not None and invitation.used_by_id is None and invitation.email is None
        kept = db.session.scalar(select(Certificate).where(Certificate.public_id == completed.certificate))
        assert kept.user_id is None and kept.name is None and kept.name_zh is None and kept.pdf is None
        assert kept.holder_erased_at is not None and kept.revoked_at is None and kept.active_key is None
        assert len(kept.sha256) == 64 and kept.completed_on and kept.course_title
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        deleted = [e for e in events if e.kind == ACCOUNT_DELETED]
        assert len(deleted) == 1 and deleted[0].target == f"user:{completed.id}"
        assert deleted[0].actor_id is None and deleted[0].details == {"certificates_kept": 1}
        assert all(e.actor_id != completed.id for e in events)
        login = next(e for e in events if e.kind == LOGIN and e.target == f"user:{completed.id}")
        assert login.actor_id is None and login.ip is None
        assert HOLDER not in str([e.details for e in events])
    other_certificate = certificate(app, other.certificate)
    assert other_certificate.name == OTHER_NAME and other_certificate.pdf


def test_the_person_is_signed_out_and_told_in_their_language(app, completed, client):
    page = client.get("/", headers={"Accept-Language": "en"})
    response = delete_account(client)
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert t(app, GOODBYE, "de") in text  # the holder's language is German; the browser's does not matter
    assert '<html lang="de"' in text
    assert client.get("/profile").status_code == 302  # signed out
    login = client.post("/login", data={"email": HOLDER, "password": PASSWORD})
    assert login.status_code == 200  # the account is gone: sign-in fails


def test_a_chinese_speaker_is_told_in_chinese(app, sample, create_user, client, auth):
    create_user(email="wang@example.org", name="Wang Fang", name_zh="王芳", locale="zh")
    auth.login("wang@example.org")
    response = delete_account(client, "wang@example.org")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert t(app, GOODBYE, "zh") in text and '<html lang="zh-Hans"' in text


def test_verification_no_longer_shows_the_name_but_still_verifies(app, completed, other, client):
    delete_account(client)
    client = app.test_client()  # a visitor checking the certificate
    page = client.get(f"/verify/{completed.certificate}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert HOLDER_NAME not in text and HOLDER_ZH not in text
    assert t(app, NAME_REMOVED, "en", html=False) in text and t(app, "Valid certificate", "en") in text
    assert completed.certificate in text and "Sample course – IP rights in China" in text

    body = client.get(f"/verify/{completed.certificate}", headers={**JSON, "Accept-Language": "en"}).json
    assert body["id"] == completed.certificate and body["status"] == "valid"
    assert body["name"] is None and body["name_zh"] is None
    assert body["name_removed"] is True and body["name_removed_note"] == t(
        app, NAME_REMOVED, "en", html=False
    )
    assert body["completed_on"] and body["issued_on"] and body["course"]["titles"]
    assert HOLDER_NAME not in str(body) and HOLDER_ZH not in str(body)

    theirs = client.get(f"/verify/{other.certificate}", headers=JSON).json  # others' are untouched
    assert theirs["name"] == OTHER_NAME and theirs["name_removed"] is False


def test_the_old_pdf_is_still_recognised_without_the_name(app, completed, client):
    pdf = certificate(app, completed.certificate).pdf
    delete_account(client)
    client = app.test_client()  # whoever the holder gave the file to
    with app.app_context():
        assert (
            db.session.scalar(select(Certificate.pdf).where(Certificate.public_id == completed.certificate))
            is None
        )

    genuine = t(app, "The file is an unchanged certificate issued by us.")
    page = upload(client, pdf).get_data(as_text=True)
    assert genuine in page and completed.certificate in page
    assert HOLDER_NAME not in page and HOLDER_ZH not in page and t(app, NAME_REMOVED, html=False) in page

    on_its_page = upload(client, pdf, f"/verify/{completed.certificate}").get_data(as_text=True)
    assert genuine in on_its_page and HOLDER_NAME not in on_its_page

    for answer in (
        upload(client, pdf, headers=JSON).json,
        client.post("/api/v1/verify", data=pdf, content_type="application/pdf", csrf=False).json,
    ):
        assert answer["genuine"] is True and answer["valid"] is True and answer["verdict"] == "valid"
        assert answer["certificate"]["id"] == completed.certificate
        assert answer["certificate"]["name"] is None and answer["certificate"]["name_removed"] is True
        assert HOLDER_NAME not in str(answer)


def test_admins_still_see_the_certificate_without_name_or_pdf(app, completed, client, auth, create_user):
    create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en")
    delete_account(client)
    auth.login("ada@example.org")
    page = client.get("/admin/certificates").get_data(as_text=True)
    assert completed.certificate in page and HOLDER_NAME not in page and HOLDER not in page
    assert f"/admin/certificates/{completed.certificate}/pdf" not in page
    assert client.get(f"/admin/certificates/{completed.certificate}/pdf").status_code == 404
    response = client.post(f"/admin/certificates/{completed.certificate}/reissue", data={"lang": "en"})
    assert response.status_code == 302
    assert rows(app, Certificate) == 2  # the holder's and the other participant's: nothing re-issued
    revoked = client.post(
        f"/admin/certificates/{completed.certificate}/revoke", data={"category": "other", "note": "Fraud"}
    )
    assert revoked.status_code == 302  # revoking stays possible
    body = client.get(f"/verify/{completed.certificate}", headers=JSON).json
    assert body["status"] == "revoked" and body["name"] is None


def test_trainer_statistics_still_work_after_a_participant_left(
    app, completed, other, client, auth, create_user
):
    trainer = create_user(role=Role.TRAINER, email="tina@example.org", name="Tina Trainer", locale="en")
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course_id, user_id=trainer.id))
        db.session.commit()
    delete_account(client)
    auth.login("tina@example.org")
    stats = client.get("/trainer/courses/sample/basics/stats")
    assert stats.status_code == 200
    cohort = client.get("/trainer/courses/sample/cohort")
    assert cohort.status_code == 200
    text = cohort.get_data(as_text=True)
    assert HOLDER_NAME not in text and OTHER_NAME in text
    csv = client.get("/trainer/courses/sample/cohort?format=csv")
    assert csv.status_code == 200 and OTHER_NAME in csv.get_data(as_text=True)
    assert HOLDER_NAME not in csv.get_data(as_text=True)
    assert client.get("/trainer/analytics").status_code == 200


def test_a_trainer_leaves_their_course_texts_behind(app, sample, create_user, client, auth):
    trainer = create_user(role=Role.TRAINER, email="tina@example.org", name="Tina Trainer", locale="en")
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        module = db.session.scalar(select(Module).where(Module.course_id == course.id))
        db.session.add(CourseTrainer(course_id=course.id, user_id=trainer.id))
        db.session.add(
            Draft(module_id=module.id, kind="quiz", lang="en", source="# Quiz\n", author_id=trainer.id)
        )
        for revision in db.session.scalars(
            select(ModuleRevision).where(ModuleRevision.module_id == module.id)
        ):
            revision.author_id = trainer.id
        for revision in db.session.scalars(select(QuizRevision).where(QuizRevision.module_id == module.id)):
            revision.author_id = trainer.id
        db.session.commit()
    auth.login("tina@example.org")
    assert delete_account(client, "tina@example.org").status_code == 302
    assert not user_exists(app, trainer.id)
    assert rows(app, CourseTrainer, user_id=trainer.id) == 0
    assert rows(app, Draft, author_id=None) == 1  # the draft stays with the course
    assert (
        rows(app, ModuleRevision, author_id=trainer.id) == rows(app, QuizRevision, author_id=trainer.id) == 0
    )
    assert rows(app, ModuleRevision, author_id=None) >= 1 and rows(app, QuizRevision, author_id=None) >= 1


def test_an_admin_who_issued_certificates_can_leave(app, sample, create_user, client, auth):
    admin = create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en")
    create_user(role=Role.ADMIN, email="bob@example.org", name="Bob Admin", locale="en")
    person = create_user(email="pia@example.org", name="Pia Person", locale="en")
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
    public_id = complete(app, person.id, course_id)
    with app.app_context():
        row = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
        row.issued_by_id, row.source = admin.id, "manual"
        db.session.commit()
    auth.login("ada@example.org")
    assert delete_account(client, "ada@example.org").status_code == 302
    assert not user_exists(app, admin.id)
    kept = certificate(app, public_id)
    assert kept.issued_by_id is None and kept.name == "Pia Person" and kept.user_id == person.id


def test_the_last_manager_may_leave_and_the_company_stays(app, sample, create_user, client, auth):
    boss = create_user(email="boss@acme.example", name="Bea Boss", locale="en")
    member = create_user(email="max@acme.example", name="Max Member", locale="en")
    with app.app_context():
        org = orgs.create_org("Acme GmbH")
        orgs.add_manager(org, db.session.get(type(boss), boss.id))
        db.session.add(Membership(org_id=org.id, user_id=member.id))
        db.session.commit()
    auth.login("boss@acme.example")
    warning = "You are the last manager of %(company)s. The company keeps its members, but has no manager until an administrator appoints a new one."
    assert t(app, warning, "en", company="Acme GmbH") in client.get(DELETE).get_data(as_text=True)
    assert delete_account(client, "boss@acme.example").status_code == 302
    assert not user_exists(app, boss.id)
    assert rows(app, Organisation) == 1 and rows(app, Membership, user_id=member.id) == 1
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == ACCOUNT_DELETED))
        assert event.details == {"certificates_kept": 0, "company_without_manager": "acme-gmbh"}


def test_every_reference_to_a_user_lets_the_database_delete_them(app, completed, other, create_user):
    """The foreign keys themselves say what happens (CASCADE or SET NULL), on SQLite and PostgreSQL alike,
    so that no table blocks a deletion; the service above additionally removes the names."""
    from app.hrapi.models import ApiToken

    create_user(email="boss@acme.example", name="Bea Boss", locale="en")
    join_company(app, completed.id)
    uid = completed.id
    with app.app_context():
        module = db.session.scalar(select(Module))
        org = db.session.scalar(select(Organisation))
        db.session.add_all(
            [
                CourseTrainer(course_id=module.course_id, user_id=uid),
                Draft(module_id=module.id, kind="module", lang="en", source="x", author_id=uid),
                ApiToken(org_id=org.id, label="HR", prefix="cva_x", token_hash="0" * 64, created_by_id=uid),
                AuditEvent(kind=LOGIN, actor_id=uid, details={}),
            ]
        )
        orgs.invite(org, db.session.get(User, uid))
        db.session.scalar(select(ModuleRevision)).author_id = uid
        db.session.scalar(select(QuizRevision)).author_id = uid
        theirs = db.session.scalar(select(Certificate).where(Certificate.public_id == other.certificate))
        theirs.issued_by_id = uid
        db.session.commit()
        db.session.execute(delete(User).where(User.id == uid))  # straight to the database, no service
        db.session.commit()
    for model in (QuizAttempt, ModuleProgress, CourseProgress, Membership, CourseTrainer):
        assert rows(app, model, user_id=uid) == 0, model
    for model, column in (
        (Draft, "author_id"), (ModuleRevision, "author_id"), (QuizRevision, "author_id"), (AuditEvent, "actor_id"),
        (ApiToken, "created_by_id"), (Invitation, "created_by_id"), (Invitation, "used_by_id"),
        (Certificate, "user_id"), (Certificate, "issued_by_id"),
    ):  # fmt: skip
        assert rows(app, model, **{column: uid}) == 0, (model, column)
    assert rows(app, Certificate, user_id=None) == 1
    kept = certificate(app, other.certificate)
    assert kept.issued_by_id is None and kept.user_id == other.id
    assert rows(app, Draft) == rows(app, ApiToken) == 1 and rows(app, Invitation) == 2
