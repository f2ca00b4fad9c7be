"""One verdict everywhere: for each state of a certificate, the page, the JSON of /verify/<id>, the API (GET
and POST) and `flask certs verify` give the same verdict; plus the dates and the privacy of those answers."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from app_helpers import backdate_completion, certificate, course_id, set_certificate_settings, t

from app.certificates import services
from app.certificates.cli import EXIT_CODES
from app.certificates.verdict import REISSUED, Evidence, Verdict, decide
from app.extensions import db

JSON = {"Accept": "application/json"}
BADGE = re.compile(r'data-verdict="([a-z_]+)"')


def _prepare(app, state: str, public_id: str, participant) -> tuple[str, bytes, str]:  # type: ignore[no-untyped-def]
    """Bring the participant's certificate into ``state``; returns (ID, PDF to upload, expected verdict)."""
    with app.app_context():
        _canonical, row = services.find_certificate(public_id)
        if state == "revoked":
            services.revoke(row, "issued_in_error", None, "internal")
        elif state == "superseded":
            services.reissue(row, None, "en")
        db.session.commit()
    if state == "expired":
        set_certificate_settings(app, validity_months=12)
        backdate_completion(app, participant.id, days=800)
        with app.app_context():
            public_id = services.issue_for_completion(participant.id, course_id(app)).public_id
            db.session.commit()
    pdf = certificate(app, public_id).pdf
    if state == "forged":  # one byte of the course title changed after signing
        position = pdf.index(b"/Title (") + len(b"/Title (") + 3
        pdf = pdf[:position] + (b"X" if pdf[position : position + 1] != b"X" else b"Y") + pdf[position + 1 :]
        return public_id, pdf, "not_genuine"
    return public_id, pdf, state


def _badges(page: str) -> list[str]:
    return BADGE.findall(page)


@pytest.mark.parametrize("state", ["valid", "revoked", "expired", "superseded", "forged"])
def test_every_channel_gives_the_same_verdict(app, completed, participant, client, runner, tmp_path, state):
    public_id, pdf, expected = _prepare(app, state, completed, participant)
    path = tmp_path / "upload.pdf"
    path.write_bytes(pdf)

    def posted(url: str, **kwargs):  # type: ignore[no-untyped-def]
        return client.post(
            url, data={"pdf": (io.BytesIO(pdf), "c.pdf")}, content_type="multipart/form-data", **kwargs
        )

    answers: dict[str, str] = {}
    json_answers = {
        "upload JSON": posted(f"/verify/{public_id}", headers=JSON).json,
        "API POST": client.post("/api/v1/verify", data=pdf, content_type="application/pdf", csrf=False).json,
    }
    answers["upload page"] = _badges(posted(f"/verify/{public_id}").get_data(as_text=True))
    answers["upload landing page"] = _badges(posted("/verify").get_data(as_text=True))
    cli = runner.invoke(args=["certs", "verify", str(path)])
    answers["CLI file"] = cli.output.split(":", 1)[0]
    assert cli.exit_code == EXIT_CODES[expected], cli.output
    if state != "forged":  # an ID has no forged state: the ID channels show the stored record
        json_answers["page JSON"] = client.get(f"/verify/{public_id}", headers=JSON).json
        json_answers["API GET"] = client.get(f"/api/v1/verify/{public_id}").json
        answers["page"] = _badges(client.get(f"/verify/{public_id}").get_data(as_text=True))
        by_id = runner.invoke(args=["certs", "verify", public_id])
        answers["CLI ID"] = by_id.output.split(":", 1)[0]
        assert by_id.exit_code == EXIT_CODES[expected], by_id.output
    for channel, body in json_answers.items():
        answers[channel] = body["verdict"]
        assert body["valid"] is (expected == "valid"), channel
        assert body["message"], channel
    for channel, answer in answers.items():
        assert answer in (expected, [expected]), (channel, answers)  # one badge per page, the same verdict
    reasons = {body["verdict_reason"] for body in json_answers.values()}
    replaced = {str(body["replaced_by"]) for body in json_answers.values()}
    assert len(reasons) == 1 and len(replaced) == 1  # the same reason and replacement everywhere
    if state == "revoked":
        assert reasons == {"issued_in_error"} and "internal" not in str(json_answers)
    if state == "superseded":
        assert reasons == {"other_language"} and "CV-" in replaced.pop()
        assert "replaced by: CV-" in cli.output
    if state == "forged":
        assert reasons == {"changed"} and json_answers["API POST"]["genuine"] is False
    elif state != "valid":
        assert json_answers["API POST"]["genuine"] is True  # the signature is fine; the certificate is not


def test_the_verdict_function_alone():
    """The pure function, as a second input channel (a future OB 3.0 credential) would call it."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    today = date(2026, 12, 6)

    def record(**changes):  # type: ignore[no-untyped-def]
        facts = {"public_id": "CV-A", "lang": "de", "valid_until": None, "revoked_at": None,
                 "revocation_category": None}  # fmt: skip
        return SimpleNamespace(**{**facts, **changes})

    assert decide(record(), today, berlin) == Verdict("valid")
    assert decide(record(valid_until=date(2026, 12, 6)), today, berlin).valid  # valid through its last day
    assert decide(record(valid_until=date(2026, 12, 5)), today, berlin) == Verdict(
        "expired", None, date(2026, 12, 5)
    )
    late = datetime(2026, 3, 1, 23, 30)  # UTC: already 2 March in Berlin
    revoked = record(revoked_at=late, revocation_category="holder_request")
    assert decide(revoked, today, berlin) == Verdict("revoked", "holder_request", date(2026, 3, 2))
    new = record(public_id="CV-B")
    assert decide(revoked, today, berlin, replacement=new) == Verdict(
        "superseded", REISSUED, date(2026, 3, 2), "CV-B"
    )
    assert decide(record(), today, berlin, evidence=Evidence(False, "modified")) == Verdict(
        "not_genuine", "modified"
    )
    assert decide(None, today, berlin, evidence=Evidence(True)) == Verdict("not_genuine", "not_issued")
    assert decide(None, today, berlin) == Verdict("unknown", "not_found")
    assert decide(record(), today, berlin, evidence=Evidence(False, "unavailable")).verdict == "unknown"
    assert decide(revoked, today, berlin, evidence=Evidence(True)).verdict == "revoked"


def test_dates_follow_one_rule_around_midnight(app, completed, client):
    """Issued at 23:30 UTC on 1 March = 00:30 on 2 March in Berlin: the page and the JSON both say 2 March."""
    with app.app_context():
        _canonical, row = services.find_certificate(completed)
        row.issued_at = datetime(2026, 3, 1, 23, 30)
        row.revoked_at = datetime(2026, 3, 29, 22, 30)  # 00:30 on 30 March, summer time
        row.revocation_category, row.active_key = "other", None
        db.session.commit()
    body = client.get(f"/verify/{completed}", headers=JSON).json
    assert body["issued_on"] == "2026-03-02" and body["issued_at"] == "2026-03-02T00:30:00+01:00"
    assert body["revoked_on"] == "2026-03-30" and body["revoked_at"] == "2026-03-30T00:30:00+02:00"
    assert body["verdict_date"] == "2026-03-30"
    page = client.get(f"/verify/{completed}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "2. März 2026" in page and "30. März 2026" in page
    assert "1. März 2026" not in page and "29. März 2026" not in page
    api = client.get(f"/api/v1/verify/{completed}").json
    assert api["issued_at"] == body["issued_at"] and api["revoked_at"] == body["revoked_at"]


def test_verification_pages_are_not_indexed(app, completed, client):
    meta = '<meta name="robots" content="noindex">'
    for response in (
        client.get(f"/verify/{completed}"),
        client.get(f"/verify/{completed}", headers=JSON),
        client.get("/verify/CV-0000-0000-0001-1"),
        client.post("/verify", data={"pdf": (io.BytesIO(b"x"), "x.pdf")}, content_type="multipart/form-data"),
    ):
        assert response.headers.get("X-Robots-Tag") == "noindex", response.request.path
        if response.mimetype == "text/html":
            assert meta in response.get_data(as_text=True)


def test_an_unknown_id_is_unknown_everywhere(app, client, runner):
    unknown = "CV-0000-0000-0001-1"
    assert client.get(f"/verify/{unknown}", headers=JSON).json["verdict"] == "unknown"
    assert client.get(f"/api/v1/verify/{unknown}").json["verdict"] == "unknown"
    assert _badges(client.get(f"/verify/{unknown}").get_data(as_text=True)) == ["unknown"]
    assert runner.invoke(args=["certs", "verify", unknown]).exit_code == EXIT_CODES["unknown"]
    page = client.get(f"/verify/{unknown}").get_data(as_text=True)
    assert t(app, "There is no certificate with the ID %(id)s.", id=unknown) in page
