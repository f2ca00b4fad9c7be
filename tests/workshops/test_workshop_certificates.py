"""Workshop certificates: attendance at check-in, blended once the course is completed too (either order),
exactly once each; real signed PDFs read back with pyHanko and poppler, and the public verification."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.certificates import services as cert_services
from app.certificates.models import Certificate
from app.certificates.signing import validate_pdf
from app.extensions import db
from app.workshops import certify, services
from app.workshops.models import Workshop
from tests.certificates.certificate_helpers import need, run

#: Starts in half an hour: check-in is open (from an hour before the start).
SOON = 0.02
JSON = {"Accept": "application/json"}


@pytest.fixture
def ca_cert(app) -> Path:
    """The development CA the app signs with."""
    from app.certificates.keys import dev_pki

    with app.app_context():
        return dev_pki(
            app.instance_path, app.config["CERT_ISSUER"], app.config.get("SIGNING_PASSPHRASE")
        ).ca_cert


@pytest.fixture
def people(create_user):
    trainer = create_user(email="trainer@example.org", name="Dr. Li Wei", role=Role.TRAINER)
    lena = create_user(email="lena@example.org", name="Lena Schmitz", name_zh="林娜", locale="de")
    return trainer, lena


def _register(app, workshop_id: int, user_id: int) -> None:
    with app.app_context():
        services.register(db.session.get(Workshop, workshop_id), db.session.get(User, user_id))
        db.session.commit()


def _workshop_certificates(app, user_id: int) -> dict[str, Certificate]:
    """The person's active workshop certificates by kind (detached, PDF loaded); fails on a double issue."""
    with app.app_context():
        rows = db.session.scalars(
            select(Certificate).where(Certificate.user_id == user_id, Certificate.workshop_id.is_not(None))
        ).all()
        kinds = [row.workshop_facts["kind"] for row in rows if row.revoked_at is None]
        assert len(kinds) == len(set(kinds)), f"issued twice: {kinds}"
        for row in rows:
            _ = row.pdf
            db.session.expunge(row)
        return {row.workshop_facts["kind"]: row for row in rows if row.revoked_at is None}


def _text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return run(need("pdftotext"), path, "-")


def test_attend_then_pass(app, client, auth, people, sample, taker, make_workshop, ca_cert, tmp_path):
    trainer, lena = people
    workshop_id = make_workshop(days=SOON, course="sample", trainers=(trainer.id,), hours=7.5)
    _register(app, workshop_id, lena.id)
    auth.login(trainer.email)
    assert client.post(f"/workshops/{workshop_id}/attendance/{lena.id}").status_code == 302
    assert client.post(f"/workshops/{workshop_id}/attendance/{lena.id}").status_code == 302  # twice: no-op
    auth.logout()
    held = _workshop_certificates(app, lena.id)
    assert set(held) == {"attendance"}
    attendance = held["attendance"]
    assert validate_pdf(attendance.pdf, [ca_cert]).valid
    text = _text(attendance.pdf, tmp_path, "attendance")
    assert "Teilnahmebescheinigung" in text and "Lena Schmitz" in text and "林娜" in text
    assert "Patente in China" in text and "Merowingerplatz" in text and "7,5" in text and "Dr. Li Wei" in text
    assert attendance.public_id in text

    auth.login(lena.email)
    taker.take(right=True)
    held = _workshop_certificates(app, lena.id)
    assert set(held) == {"attendance", "blended"}
    blended = held["blended"]
    assert blended.workshop_facts["course_completed_on"] is not None
    assert validate_pdf(blended.pdf, [ca_cert]).valid
    text = _text(blended.pdf, tmp_path, "blended")
    assert "Zertifikat Blended Learning" in text and "Online-Kurs" in text and "Patente in China" in text
    # The participant downloads it like any certificate; taking the quiz again issues nothing new.
    assert client.get(f"/certificates/{blended.public_id}/pdf").data == blended.pdf
    taker.take(right=True)
    assert _workshop_certificates(app, lena.id).keys() == {"attendance", "blended"}


def test_pass_then_attend_in_chinese(
    app, client, auth, runner, create_user, sample, taker, make_workshop, tmp_path
):
    wang = create_user(email="wang@example.org", name="Wang Fang", name_zh="王芳", locale="zh")
    workshop_id = make_workshop(days=SOON, course="sample", fmt="online", hours=3)
    _register(app, workshop_id, wang.id)
    auth.login(wang.email)
    taker.take(right=True)
    assert _workshop_certificates(app, wang.id) == {}  # passed, but not yet attended
    result = runner.invoke(args=["workshops", "check-in", str(workshop_id), "--email", wang.email])
    assert result.exit_code == 0, result.output
    held = _workshop_certificates(app, wang.id)
    assert set(held) == {"attendance", "blended"}
    text = _text(held["blended"].pdf, tmp_path, "blended-zh")
    assert "混合式学习证书" in text and "中国专利" in text and "王芳" in text and "线上" in text
    fonts = run(need("pdffonts"), tmp_path / "blended-zh.pdf")
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded
    assert "出席证书" in _text(held["attendance"].pdf, tmp_path, "attendance-zh")


def test_verified_through_the_same_page(app, client, people, sample, taker, auth, make_workshop):
    trainer, lena = people
    workshop_id = make_workshop(days=SOON, course="sample", trainers=(trainer.id,))
    _register(app, workshop_id, lena.id)
    auth.login(trainer.email)
    client.post(f"/workshops/{workshop_id}/attendance/{lena.id}")
    auth.logout()
    certificate = _workshop_certificates(app, lena.id)["attendance"]
    body = client.get(f"/verify/{certificate.public_id}", headers=JSON).json
    assert body["verdict"] == "valid" and body["course"]["titles"]["en"] == "Patents in China"
    assert body["workshop"]["kind"] == "attendance" and body["workshop"]["hours"] == 8
    page = client.get(f"/verify/{certificate.public_id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Patents in China" in page and "Attendance" in page and "Merowingerplatz" in page
    answer = client.post(
        f"/verify/{certificate.public_id}", data={"pdf": (io.BytesIO(certificate.pdf), "c.pdf")},
        content_type="multipart/form-data", headers=JSON,
    )  # fmt: skip
    assert answer.json["genuine"] is True and answer.json["verdict"] == "valid"
    # Revoked, it says so, and a later completion does not issue it again.
    with app.app_context():
        row = db.session.scalar(select(Certificate).where(Certificate.public_id == certificate.public_id))
        cert_services.revoke(row, "issued_in_error", None)
        db.session.commit()
        assert certify.issue(lena.id, db.session.get(Workshop, workshop_id), "attendance") is None
    assert client.get(f"/verify/{certificate.public_id}", headers=JSON).json["verdict"] == "revoked"


def test_no_certificate_without_attendance_or_course(app, client, auth, people, sample, taker, make_workshop):
    trainer, lena = people
    unlinked = make_workshop(days=SOON, trainers=(trainer.id,))
    linked = make_workshop(days=SOON, course="sample", trainers=(trainer.id,))
    _register(app, unlinked, lena.id)
    _register(app, linked, lena.id)
    auth.login(lena.email)
    taker.take(right=True)  # completed, registered, not checked in: nothing yet
    assert _workshop_certificates(app, lena.id) == {}
    auth.logout()
    auth.login(trainer.email)
    assert (
        client.post(f"/workshops/{unlinked}/attendance/{lena.id}").status_code == 302
    )  # check-in still works
    assert _workshop_certificates(app, lena.id) == {}
    with app.app_context():
        assert cert_services.pending_courses(lena.id) == []  # the course certificate is held


def test_a_workshop_certificate_is_reissued_as_one(
    app, client, auth, people, sample, taker, make_workshop, tmp_path
):
    trainer, lena = people
    workshop_id = make_workshop(days=SOON, course="sample", trainers=(trainer.id,))
    _register(app, workshop_id, lena.id)
    auth.login(lena.email)
    taker.take(right=True)  # the course certificate first
    auth.logout()
    auth.login(trainer.email)
    client.post(f"/workshops/{workshop_id}/attendance/{lena.id}")
    auth.logout()
    blended = _workshop_certificates(app, lena.id)["blended"]
    auth.login(lena.email)
    page = client.get("/certificates").get_data(as_text=True)
    assert f'id="workshop-{workshop_id}-blended"' in page and page.count('id="course-sample"') == 1
    response = client.post(f"/certificates/{blended.public_id}/language", data={f"c{blended.id}-lang": "en"})
    assert response.status_code == 302
    with app.app_context():
        renewed = db.session.scalar(
            select(Certificate).where(Certificate.replaces_id == blended.id, Certificate.revoked_at.is_(None))
        )
        _ = renewed.pdf
        db.session.expunge(renewed)
    assert renewed.public_id != blended.public_id and renewed.lang == "en"
    assert renewed.workshop_facts == blended.workshop_facts
    text = _text(renewed.pdf, tmp_path, "renewed")
    assert "Blended Learning Certificate" in text and "Patents in China" in text
    assert client.get(f"/verify/{blended.public_id}", headers=JSON).json["verdict"] == "superseded"
