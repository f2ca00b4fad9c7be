"""`flask certs`: issue, export, revoke, reissue, verify and init-signing, with clear errors."""

from __future__ import annotations

from pathlib import Path

from app_helpers import active_ids, certificate
from certificate_helpers import NAME

from app.certificates.signing import validate_pdf


def test_issue_export_revoke(app, sample, runner, participant, app_pki, tmp_path):
    result = runner.invoke(
        args=[
            "certs",
            "issue",
            "--email",
            "LENA@example.org",
            "--course",
            "sample",
            "--lang",
            "de+zh",
            "--reason",
            "Live-Workshop",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    public_id = result.output.strip()
    assert active_ids(app, participant.id) == [public_id]
    cert = certificate(app, public_id)
    assert cert.lang == "de+zh" and cert.source == "manual" and cert.name == NAME

    out = tmp_path / "export.pdf"
    result = runner.invoke(args=["certs", "export", public_id.lower(), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == cert.pdf
    assert validate_pdf(out.read_bytes(), [app_pki.ca_cert]).valid

    result = runner.invoke(args=["certs", "verify", str(out)])
    assert result.exit_code == 0 and result.output.startswith("valid")

    again = runner.invoke(
        args=["certs", "issue", "--email", participant.email, "--course", "sample", "--reason", "x"]
    )
    assert again.exit_code != 0 and f"already holds the active certificate {public_id}" in again.output

    result = runner.invoke(
        args=["certs", "revoke", public_id, "--category", "other", "--note", "Test revocation"]
    )
    assert result.exit_code == 0 and "revoked" in result.output
    revoked = certificate(app, public_id)
    assert revoked.revocation_category == "other" and revoked.revocation_note == "Test revocation"
    assert runner.invoke(args=["certs", "verify", str(out)]).exit_code == 5
    result = runner.invoke(args=["certs", "revoke", public_id, "--category", "other"])
    assert result.exit_code != 0 and "already revoked" in result.output
    result = runner.invoke(args=["certs", "reissue", public_id, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert active_ids(app, participant.id) == [result.output.strip()]


def test_the_default_language_is_the_users(app, sample, runner, create_user):
    create_user(email="wang@example.org", name="Wang Fang", name_zh="王芳", locale="zh")
    result = runner.invoke(
        args=["certs", "issue", "--email", "wang@example.org", "--course", "sample", "--reason", "x"]
    )
    assert result.exit_code == 0, result.output
    assert certificate(app, result.output.strip()).lang == "zh"


def test_clear_errors(app, sample, runner, participant, tmp_path):
    result = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "sample"])
    assert result.exit_code == 2 and "--reason" in result.output
    reason = ["--reason", "Workshop"]
    future = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "sample",
                                 "--completed-on", "2099-12-31", *reason])  # fmt: skip
    assert future.exit_code == 1 and "--completed-on: give a date from" in future.output
    result = runner.invoke(
        args=["certs", "issue", "--email", "nobody@example.org", "--course", "sample", *reason]
    )
    assert result.exit_code != 0 and "No user with the e-mail address nobody@example.org" in result.output
    result = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "nope", *reason])
    assert result.exit_code != 0 and "No course with the slug 'nope'" in result.output
    result = runner.invoke(
        args=["certs", "issue", "--email", participant.email, "--course", "sample", "--lang", "fr", *reason]
    )
    assert result.exit_code != 0 and "fr" in result.output
    result = runner.invoke(args=["certs", "export", "CV-0000-0000-0001-1", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "No certificate with the ID CV-0000-0000-0001-1" in result.output
    result = runner.invoke(args=["certs", "revoke", "CV-0000-0000-0001-2", "--category", "other"])
    assert result.exit_code != 0 and "not a valid certificate ID" in result.output
    result = runner.invoke(args=["certs", "revoke", "CV-0000-0000-0001-1"])
    assert result.exit_code != 0 and "--category" in result.output
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"junk")
    result = runner.invoke(args=["certs", "verify", str(junk)])
    assert result.exit_code == 6 and result.output.startswith("not_genuine: This is not a PDF file.")
    result = runner.invoke(args=["certs", "verify", "CV-0000-0000-0001-1"])
    assert result.exit_code == 7 and result.output.startswith("unknown: There is no certificate")
    result = runner.invoke(args=["certs", "verify", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 1 and "no such file" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_init_signing_is_idempotent(app, runner):
    first = runner.invoke(args=["certs", "init-signing"])
    assert first.exit_code == 0, first.output
    folder = Path(app.instance_path) / "signing"
    assert (folder / "ca.pem").exists() and (folder / "signer.p12").exists()
    assert (folder / "signer.p12").stat().st_mode & 0o777 == 0o600
    ca = (folder / "ca.pem").read_bytes()
    second = runner.invoke(args=["certs", "init-signing"])
    assert second.exit_code == 0 and second.output == first.output
    assert (folder / "ca.pem").read_bytes() == ca
    assert "SHA-256" in first.output


def test_init_signing_refuses_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = runner.invoke(args=["certs", "init-signing"])
    assert result.exit_code != 0 and "SIGNING_PKCS12" in result.output


def test_issuing_in_production_without_a_key_is_refused_clearly(
    app, sample, runner, participant, monkeypatch
):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    monkeypatch.setitem(app.config, "SERVER_BASE_URL", "https://academy.example.org")
    result = runner.invoke(
        args=["certs", "issue", "--email", participant.email, "--course", "sample", "--reason", "Workshop"]
    )
    assert result.exit_code != 0 and "No signing key is configured" in result.output
    assert active_ids(app, participant.id) == []


def test_help_texts(runner):
    result = runner.invoke(args=["certs", "--help"])
    assert result.exit_code == 0
    for command in ("issue", "export", "revoke", "reissue", "verify", "init-signing"):
        assert command in result.output
    verify = " ".join(runner.invoke(args=["certs", "verify", "--help"]).output.split())
    assert "0 valid, 3 expired, 4 superseded, 5 revoked, 6 not_genuine, 7 unknown" in verify
