"""Issuing certificates: at completion (exactly once), by hand, re-issued, in another language; the PDF."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from app_helpers import (
    active_ids,
    assign_trainer,
    backdate_completion,
    certificate,
    count,
    course_id,
    set_certificate_settings,
    t,
)
from certificate_helpers import NAME, NAME_ZH, PASSPHRASE, need, run
from markupsafe import escape
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.certificates import services
from app.certificates.keys import SigningNotConfigured, signing_setup
from app.certificates.models import REPLACED, Certificate
from app.certificates.present import date_not_allowed_text
from app.certificates.signing import validate_pdf
from app.courses.models import Course
from app.extensions import db
from app.progress.signals import course_completed


def test_completion_issues_exactly_one_certificate(app, completed, participant):
    assert re.fullmatch(r"CV-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.", completed)
    assert count(app, user_id=participant.id) == 1
    with app.app_context():
        course = course_id(app)
        course_completed.send(None, user_id=participant.id, course_id=course)  # the signal fires again
        again = services.issue_for_completion(participant.id, course)
        db.session.commit()
        assert again.public_id == completed
    assert count(app, user_id=participant.id) == 1
    cert = certificate(app, completed)
    assert cert.name == NAME and cert.name_zh == NAME_ZH and cert.lang == "de"
    assert cert.score_percent == 100 and cert.valid_until is None and cert.issued_by_id is None
    assert cert.course_title["en"] == "Sample course – IP rights in China"
    assert cert.source == "completion" and cert.active_key == f"{participant.id}:{cert.course_id}"
    import hashlib

    assert hashlib.sha256(cert.pdf).hexdigest() == cert.sha256


def test_a_concurrent_completion_keeps_the_first_certificate(app, completed, participant, monkeypatch):
    """Two requests both see "no certificate yet": the second insert fails on the unique key and
    returns the first one; the transaction stays usable."""
    real = services.active_certificate
    calls = []

    def not_yet(user_id, course_id):  # type: ignore[no-untyped-def]
        calls.append(1)
        return None if len(calls) == 1 else real(user_id, course_id)

    monkeypatch.setattr(services, "active_certificate", not_yet)
    with app.app_context():
        winner = services.issue_for_completion(participant.id, course_id(app))
        db.session.commit()
        assert winner.public_id == completed
    assert count(app, user_id=participant.id) == 1


def test_concurrent_requests_on_postgresql_issue_one(app, completed, participant):
    """Real concurrency: two sessions issue at the same moment; the database keeps one."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite serialises writers; the unique key is tested without threads above")
    backdate_completion(app, participant.id, days=0)
    course = course_id(app)
    barrier = threading.Barrier(2)
    issued: list[str] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            with app.app_context():
                barrier.wait()
                issued.append(services.issue_for_completion(participant.id, course).public_id)
                db.session.commit()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(issued) == 2 and issued[0] == issued[1]
    assert count(app, user_id=participant.id) == 1


def test_no_certificate_when_the_course_issues_none(app, sample, participant, auth, taker):
    set_certificate_settings(app, enabled=False)
    auth.login(participant.email)
    taker.take(right=True)
    assert count(app, user_id=participant.id) == 0
    assert t(app, "Issue my certificate") not in auth.client.get("/certificates").get_data(as_text=True)


def test_the_pdf_is_signed_and_shows_the_name(app, completed, client, app_pki, app_nss_db, tmp_path):
    response = client.get(f"/certificates/{completed}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f"{completed}.pdf" in response.headers["Content-Disposition"]
    pdf = response.data
    assert pdf == certificate(app, completed).pdf
    result = validate_pdf(pdf, [app_pki.ca_cert])
    assert result.valid, result.summary
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    report = run(need("pdfsig"), "-nssdir", app_nss_db, path)
    assert "Signature is Valid" in report and "Certificate is Trusted" in report
    assert "Total document signed" in report
    text = run(need("pdftotext"), path, "-")
    assert NAME in text and NAME_ZH in text and completed in text
    assert "Abschlusszertifikat" in text


def test_the_qr_code_and_link_point_to_the_verification_page(app, completed, client, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(client.get(f"/certificates/{completed}/pdf").data)
    run(need("pdftoppm"), "-r", "150", "-png", "-singlefile", path, tmp_path / "page")
    decoded = run(need("zbarimg"), "-q", "--raw", tmp_path / "page.png").strip()
    assert decoded == f"http://localhost/verify/{completed}"
    assert client.get(decoded.removeprefix("http://localhost")).status_code == 200


def test_server_base_url_is_printed(app, sample, participant, auth, taker, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "SERVER_BASE_URL", "https://academy.chinvalue.de/")
    auth.login(participant.email)
    taker.take(right=True)
    (public_id,) = active_ids(app, participant.id)
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate(app, public_id).pdf)
    run(need("pdftoppm"), "-r", "150", "-png", "-singlefile", path, tmp_path / "page")
    assert run(need("zbarimg"), "-q", "--raw", tmp_path / "page.png").strip() == (
        f"https://academy.chinvalue.de/verify/{public_id}"
    )


def test_validity_months_print_a_valid_until_date(app, sample, participant, auth, taker, tmp_path):
    set_certificate_settings(app, validity_months=24)
    auth.login(participant.email)
    taker.take(right=True)
    (public_id,) = active_ids(app, participant.id)
    cert = certificate(app, public_id)
    assert cert.valid_until == services.add_months(cert.completed_on, 24)
    path = tmp_path / "c.pdf"
    path.write_bytes(cert.pdf)
    assert "Gültig bis" in run(need("pdftotext"), path, "-")


def test_add_months_clamps_to_the_end_of_the_month():
    from datetime import date

    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert services.add_months(date(2026, 11, 25), 14) == date(2028, 1, 25)


def test_download_only_your_own(app, completed, client, auth, create_user):
    assert client.get(f"/certificates/{completed}/pdf").status_code == 200
    auth.logout()
    response = client.get(f"/certificates/{completed}/pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    other = create_user(email="other@example.org")
    auth.login(other.email)
    assert client.get(f"/certificates/{completed}/pdf").status_code == 404
    assert client.get("/certificates/CV-0000-0000-0000-0/pdf").status_code == 404
    assert completed not in client.get("/certificates").get_data(as_text=True)


def test_my_certificates_page(app, completed, client):
    page = client.get("/certificates").get_data(as_text=True)
    assert completed in page
    assert f"/certificates/{completed}/pdf" in page
    assert f"/verify/{completed}" in page
    linkedin = re.search(r'href="(https://www.linkedin.com/profile/add\?[^"]+)"', page).group(1)
    assert "startTask=CERTIFICATION_NAME" in linkedin and f"certId={completed}" in linkedin
    assert (
        "organizationName=ChInValue+Academy" in linkedin
        and "certUrl=http%3A%2F%2Flocalhost%2Fverify%2F" in linkedin
    )
    assert "<script" not in page.split("<main", 1)[1]
    learning = client.get("/learning").get_data(as_text=True)
    assert "/certificates#course-sample" in learning


def test_participant_changes_the_language_at_most_three_times(app, completed, client, participant):
    cert = certificate(app, completed)
    prefix = f"c{cert.id}"
    response = client.post(f"/certificates/{completed}/language", data={f"{prefix}-lang": "de+zh"})
    assert response.status_code == 302
    (new_id,) = active_ids(app, participant.id)
    new = certificate(app, new_id)
    assert new_id != completed and new.lang == "de+zh" and new.language_changes == 1
    assert new.replaces_id == cert.id and new.completed_on == cert.completed_on
    old = certificate(app, completed)
    assert old.revocation_category == REPLACED and old.active_key is None
    current = new
    for lang in ("en+zh", "zh"):
        client.post(f"/certificates/{current.public_id}/language", data={f"c{current.id}-lang": lang})
        (next_id,) = active_ids(app, participant.id)
        current = certificate(app, next_id)
        assert current.lang == lang
    assert current.language_changes == 3
    response = client.post(f"/certificates/{current.public_id}/language", data={f"c{current.id}-lang": "de"})
    assert active_ids(app, participant.id) == [current.public_id]
    refused = t(app, "You have already changed the language of this certificate %(count)d times.", count=3)
    assert refused in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, user_id=participant.id) == 4


def test_a_failed_signature_does_not_cost_the_completion(
    app, sample, participant, auth, taker, client, monkeypatch
):
    """Production without a key: the course is completed, the certificate is offered later."""
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code == 302
    assert count(app, user_id=participant.id) == 0
    page = client.get("/certificates").get_data(as_text=True)
    assert t(app, "Issue my certificate") in page
    response = client.post(f"/certificates/course/{course_id(app)}/issue")
    assert count(app, user_id=participant.id) == 0
    failed = t(app, "The certificate could not be issued right now. Please try again later.")
    assert failed in client.get(response.headers["Location"]).get_data(as_text=True)
    monkeypatch.setitem(app.config, "ENV_NAME", "testing")
    client.post(f"/certificates/course/{course_id(app)}/issue")
    assert len(active_ids(app, participant.id)) == 1


def test_production_refuses_to_sign_without_a_key(tmp_path):
    with pytest.raises(SigningNotConfigured, match="SIGNING_PKCS12"):
        signing_setup({"ENV_NAME": "production"}, tmp_path)
    with pytest.raises(SigningNotConfigured, match="cannot be used"):
        signing_setup({"SIGNING_PKCS12": str(tmp_path / "missing.p12")}, tmp_path)
    with pytest.raises(SigningNotConfigured, match="both"):
        signing_setup({"SIGNING_KEY": str(tmp_path / "key.pem")}, tmp_path)


def test_a_configured_pkcs12_key_signs(app, sample, participant, auth, taker, pki, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNING_PKCS12", str(pki.pkcs12))
    monkeypatch.setitem(app.config, "SIGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setitem(app.config, "SIGNING_TRUST_ROOTS", str(pki.ca_cert))
    auth.login(participant.email)
    taker.take(right=True)
    (public_id,) = active_ids(app, participant.id)
    pdf = certificate(app, public_id).pdf
    assert validate_pdf(pdf, [pki.ca_cert]).valid
    answer = auth.client.post(
        "/api/v1/verify", data={"pdf": (__import__("io").BytesIO(pdf), "c.pdf")}, csrf=False
    )
    assert answer.json["genuine"] is True


def test_admin_revokes_and_reissues(app, completed, client, auth, create_user, participant):
    admin = create_user(Role.ADMIN, email="admin@example.org")
    auth.logout()
    auth.login(admin.email)
    listing = client.get("/admin/certificates?q=lena").get_data(as_text=True)
    assert completed in listing
    assert completed not in client.get("/admin/certificates?q=nobody").get_data(as_text=True)
    assert completed in client.get(f"/admin/certificates?q={completed.lower().replace('-', '')}").get_data(
        as_text=True
    )
    response = client.post(f"/admin/certificates/{completed}/reissue", data={"lang": "en+zh"})
    assert response.status_code == 302
    (new_id,) = active_ids(app, participant.id)
    assert certificate(app, new_id).lang == "en+zh" and certificate(app, new_id).issued_by_id == admin.id
    assert certificate(app, completed).revocation_category == REPLACED
    response = client.post(f"/admin/certificates/{new_id}/revoke", data={"category": "", "note": "x"})
    assert active_ids(app, participant.id) == [new_id]
    note = "Identity could not be confirmed"
    client.post(
        f"/admin/certificates/{new_id}/revoke", data={"category": "obtained_improperly", "note": note}
    )
    assert active_ids(app, participant.id) == []
    revoked = certificate(app, new_id)
    assert revoked.revocation_category == "obtained_improperly" and revoked.revocation_note == note
    assert note in client.get("/admin/certificates?status=revoked").get_data(as_text=True)  # internal…
    auth.logout()
    page = client.get(f"/verify/{new_id}").get_data(as_text=True)
    assert note not in page and t(app, "obtained improperly") in page  # …the public sees the category only
    body = client.get(f"/verify/{new_id}", headers={"Accept": "application/json"}).json
    assert note not in str(body) and body["revocation_category"] == "obtained_improperly"
    auth.login(admin.email)
    assert client.get(f"/admin/certificates/{new_id}/pdf").status_code == 200
    assert client.get("/admin/certificates?status=revoked").status_code == 200
    # a revoked certificate is not issued again automatically
    with app.app_context():
        assert services.issue_for_completion(participant.id, course_id(app)) is None
    # the revocation and re-issue need CSRF tokens
    assert (
        client.post(f"/admin/certificates/{new_id}/reissue", data={"lang": "de"}, csrf=False).status_code
        == 400
    )


def test_admin_pages_are_for_admins(app, completed, client, auth, create_user):
    assert client.get("/admin/certificates").status_code == 403
    data = {"category": "other"}
    assert client.post(f"/admin/certificates/{completed}/revoke", data=data).status_code == 403
    assert client.get(f"/admin/certificates/{completed}/pdf").status_code == 403
    trainer = create_user(Role.TRAINER, email="trainer@example.org")
    auth.logout()
    auth.login(trainer.email)
    assert client.get("/admin/certificates").status_code == 403
    assert client.get(f"/admin/certificates/{completed}/pdf").status_code == 403
    assign_trainer(app, trainer.id)
    assert client.get(f"/admin/certificates/{completed}/pdf").status_code == 200


def test_manual_issue_by_an_assigned_trainer(app, sample, client, auth, create_user):
    trainer = create_user(Role.TRAINER, email="trainer@example.org")
    person = create_user(email="workshop@example.org", name="Wang Fang", name_zh="王芳", locale="zh")
    assign_trainer(app, trainer.id)
    auth.login(trainer.email)
    page = client.get("/admin/certificates/issue")
    assert page.status_code == 200 and "Beispielkurs" in page.get_data(as_text=True)
    course_since(app, date(2026, 9, 1))
    form = {
        "email": "Workshop@Example.org",
        "course": str(course_id(app)),
        "lang": "zh",
        "completed_on": "2026-10-15",
        "note": "Workshop am 15. Oktober in Düsseldorf besucht",
    }
    response = client.post("/admin/certificates/issue", data=form)
    assert response.status_code == 302
    (public_id,) = active_ids(app, person.id)
    cert = certificate(app, public_id)
    assert cert.source == "manual" and cert.issued_by_id == trainer.id and cert.lang == "zh"
    assert cert.completed_on.isoformat() == "2026-10-15" and cert.score_percent is None
    assert public_id in client.get(response.headers["Location"]).get_data(as_text=True)
    again = client.post("/admin/certificates/issue", data=form).get_data(as_text=True)
    held = "%(name)s already holds the active certificate %(id)s for this course."
    assert t(app, held, name="Wang Fang", id=public_id) in again
    unknown = client.post("/admin/certificates/issue", data={**form, "email": "nobody@example.org"})
    assert t(app, "There is no account with this e-mail address.") in unknown.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "certificate_issued"))
        assert event.actor_id == trainer.id and event.target == f"certificate:{public_id}"
        assert event.details["holder"] == f"user:{person.id}" and event.details["source"] == "manual"
        assert event.details["reason"] == form["note"] and event.details["completed_on"] == "2026-10-15"


@pytest.mark.parametrize(
    ("day", "note", "message"),
    [
        ("2099-12-31", "Workshop", "date"),  # in the future
        ("2026-08-31", "Workshop", "date"),  # before the course existed
        ("2026-10-15", "", "Please say why the certificate is issued by hand."),
        # An invisible reason (zero-width spaces), or one a bidi override shows reversed in the admin list.
        ("2026-10-15", "\u200b\u200b", "This field contains characters that are not allowed."),
        ("2026-10-15", "Workshop \u202eflesnereD", "This field contains characters that are not allowed."),
    ],
)
def test_manual_issue_refuses_impossible_dates_and_needs_a_reason(
    app, sample, client, auth, create_user, day, note, message
):
    admin = create_user(Role.ADMIN, email="admin@example.org")
    person = create_user(email="workshop@example.org")
    course_since(app, date(2026, 9, 1))
    auth.login(admin.email)
    form = {
        "email": person.email,
        "course": str(course_id(app)),
        "lang": "de",
        "completed_on": day,
        "note": note,
    }
    page = client.post("/admin/certificates/issue", data=form).get_data(as_text=True)
    if message == "date":
        with app.test_request_context(headers={"Accept-Language": "de"}):
            message = date_not_allowed_text(date(2026, 9, 1), services.today())
    assert t(app, message) in page or str(escape(message)) in page
    assert count(app, user_id=person.id) == 0


def test_the_admin_list_says_who_issued_by_hand_and_why(app, sample, client, auth, create_user, runner):
    admin = create_user(Role.ADMIN, email="admin@example.org")
    trainer = create_user(Role.TRAINER, email="t@example.org")
    create_user(email="workshop@example.org", name="Jonas Becker")
    result = runner.invoke(
        args=[
            "certs",
            "issue",
            "--email",
            "workshop@example.org",
            "--course",
            "sample",
            "--reason",
            "Live-Workshop",
        ]
    )
    assert result.exit_code == 0, result.output
    invisible = [
        "certs",
        "issue",
        "--email",
        "t@example.org",
        "--course",
        "sample",
        "--reason",
        "\u200b\u2066",
    ]
    refused = runner.invoke(args=invisible)
    assert (
        refused.exit_code == 1 and "needs a reason" in refused.output and count(app, user_id=trainer.id) == 0
    )
    auth.login(admin.email)
    listing = client.get("/admin/certificates").get_data(as_text=True)
    assert "Live-Workshop" in listing and "Jonas Becker" in listing and t(app, "command line") in listing
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        person = db.session.scalar(select(User).where(User.email == "workshop@example.org"))
        with pytest.raises(services.NotAllowed):  # a trainer not assigned to the course, in the service too
            services.issue_manually(person, course, "de", db.session.get(User, trainer.id), note="x")


def course_since(app, day: date) -> None:
    """Pretend the sample course was created on ``day`` (manual issues may not predate it)."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        course.created_at = datetime(day.year, day.month, day.day, 8, 0)
        db.session.commit()


def test_manual_issue_refused_to_others(app, sample, client, auth, create_user):
    trainer = create_user(Role.TRAINER, email="trainer@example.org")
    participant = create_user(email="p@example.org")
    person = create_user(email="workshop@example.org")
    form = {"email": person.email, "course": str(course_id(app)), "lang": "de"}
    auth.login(trainer.email)  # a trainer not assigned to the course
    assert client.post("/admin/certificates/issue", data=form).status_code == 403
    auth.logout()
    auth.login(participant.email)
    assert client.get("/admin/certificates/issue").status_code == 403
    assert client.post("/admin/certificates/issue", data=form).status_code == 403
    auth.logout()
    assert client.get("/admin/certificates/issue").status_code == 302
    assert count(app, user_id=person.id) == 0


def test_the_demo_participant_holds_a_certificate(app):
    from app.auth import services as accounts
    from app.certificates.demo import complete_demo_course
    from app.demo.cli import COURSES
    from tests.fixtures.learning import import_folder

    import_folder(app, COURSES)
    with app.app_context():
        accounts.register("participant@chinvalue.example", "demo-participant-2026", "Jonas Becker", None, "de",
                          Role.PARTICIPANT, confirmed=True)  # fmt: skip
        db.session.commit()
        first = complete_demo_course()
        db.session.commit()
        assert first is not None and first.valid_until is not None and first.score_percent == 100
        assert complete_demo_course().public_id == first.public_id  # idempotent
        user = db.session.scalar(select(User).where(User.email == "participant@chinvalue.example"))
        assert db.session.scalar(select(Certificate.id).where(Certificate.user_id == user.id)) == first.id


def test_demo_load(app, runner):
    """The README's demo: `flask demo load` leaves the demo participant with a certificate (~10 s)."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Demo certificate: CV-" in result.output
    assert Path(app.instance_path, "signing", "ca.pem").exists()
