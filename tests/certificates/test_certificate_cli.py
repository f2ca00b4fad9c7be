"""`flask certs`: issue, export, revoke, reissue, verify and init-signing, with clear errors."""

from __future__ import annotations

from pathlib import Path

from app_helpers import active_ids, certificate
from certificate_helpers import NAME

from app.certificates.signing import validate_pdf


def test_issue_export_revoke(app, sample, runner, participant, app_pki, tmp_path):
    result = runner.invoke(
        args=["certs", "issue", "--email", "LENA@example.org", "--course", "sample", "--lang", "de+zh"]
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
    assert result.exit_code == 0 and result.output.startswith("genuine")

    again = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "sample"])
    assert again.exit_code != 0 and f"already holds the active certificate {public_id}" in again.output

    result = runner.invoke(args=["certs", "revoke", public_id, "--reason", "Test revocation"])
    assert result.exit_code == 0 and "revoked" in result.output
    assert certificate(app, public_id).revoked_reason == "Test revocation"
    result = runner.invoke(args=["certs", "revoke", public_id, "--reason", "again"])
    assert result.exit_code != 0 and "already revoked" in result.output
    result = runner.invoke(args=["certs", "reissue", public_id, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert active_ids(app, participant.id) == [result.output.strip()]


def test_the_default_language_is_the_users(app, sample, runner, create_user):
    create_user(email="wang@example.org", name="Wang Fang", name_zh="王芳", locale="zh")
    result = runner.invoke(args=["certs", "issue", "--email", "wang@example.org", "--course", "sample"])
    assert result.exit_code == 0, result.output
    assert certificate(app, result.output.strip()).lang == "zh"


def test_clear_errors(app, sample, runner, participant, tmp_path):
    result = runner.invoke(args=["certs", "issue", "--email", "nobody@example.org", "--course", "sample"])
    assert result.exit_code != 0 and "No user with the e-mail address nobody@example.org" in result.output
    result = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "nope"])
    assert result.exit_code != 0 and "No course with the slug 'nope'" in result.output
    result = runner.invoke(
        args=["certs", "issue", "--email", participant.email, "--course", "sample", "--lang", "fr"]
    )
    assert result.exit_code != 0 and "fr" in result.output
    result = runner.invoke(args=["certs", "export", "CV-0000-0000-0001-1", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "No certificate with the ID CV-0000-0000-0001-1" in result.output
    result = runner.invoke(args=["certs", "revoke", "CV-0000-0000-0001-2", "--reason", "x"])
    assert result.exit_code != 0 and "not a valid certificate ID" in result.output
    result = runner.invoke(args=["certs", "revoke", "CV-0000-0000-0001-1"])
    assert result.exit_code != 0 and "--reason" in result.output
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"junk")
    result = runner.invoke(args=["certs", "verify", str(junk)])
    assert result.exit_code == 1 and result.output.startswith("not_pdf")
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
    result = runner.invoke(args=["certs", "issue", "--email", participant.email, "--course", "sample"])
    assert result.exit_code != 0 and "No signing key is configured" in result.output
    assert active_ids(app, participant.id) == []


def test_help_texts(runner):
    result = runner.invoke(args=["certs", "--help"])
    assert result.exit_code == 0
    for command in ("issue", "export", "revoke", "reissue", "verify", "init-signing"):
        assert command in result.output
