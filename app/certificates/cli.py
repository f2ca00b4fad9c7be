"""`flask certs …`: issue, export, revoke and check certificates; create the development signing key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from cryptography import x509
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import User
from app.certificates import services
from app.certificates.devpki import create_dev_pki
from app.certificates.forms import CERTIFICATE_LANGUAGES
from app.certificates.keys import DEV_PASSPHRASE, SigningNotConfigured, describe, dev_pki, trust_roots
from app.certificates.models import Certificate
from app.certificates.verification import verify_upload
from app.courses.models import Course
from app.extensions import db

LANGS = click.Choice(list(CERTIFICATE_LANGUAGES))


@click.group("certs", cls=AppGroup)
def certs_cli() -> None:
    """Certificates: issue by hand, export, revoke, check; the development signing key."""


def _certificate(public_id: str) -> Certificate:
    canonical, certificate = services.find_certificate(public_id)
    if certificate is None:
        if canonical is None:
            raise click.ClickException(f"{public_id!r} is not a valid certificate ID (typo?).")
        raise click.ClickException(f"No certificate with the ID {canonical}.")
    return certificate


@certs_cli.command("issue")
@click.option("--email", required=True, help="The participant's e-mail address.")
@click.option("--course", "slug", required=True, help="The course's slug, e.g. market-entry-china.")
@click.option(
    "--lang",
    type=LANGS,
    default=None,
    help="Language of the certificate (default: the user's, if the course is offered in it).",
)
@click.option(
    "--completed-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the workshop, YYYY-MM-DD (default: today).",
)
def issue(email: str, slug: str, lang: str | None, completed_on) -> None:  # type: ignore[no-untyped-def]
    """Issue a certificate by hand (e.g. for the live workshop) and print its ID."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise click.ClickException(f"No course with the slug {slug!r}.")
    day: date | None = completed_on.date() if completed_on else None
    try:
        certificate = services.issue_manually(
            user, course, lang or services.default_lang(user, course), None, day
        )
    except services.AlreadyIssued as error:
        raise click.ClickException(
            f"{user.email} already holds the active certificate {error.certificate.public_id} for {slug}."
        ) from None
    except services.CertificateError as error:
        raise click.ClickException(f"The certificate could not be issued: {error}") from None
    db.session.commit()
    click.echo(certificate.public_id)


@certs_cli.command("export")
@click.argument("public_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export(public_id: str, out: Path) -> None:
    """Write a certificate's stored, signed PDF to a file."""
    certificate = _certificate(public_id)
    if certificate.pdf is None:
        raise click.ClickException(
            f"{certificate.public_id}: the holder deleted their account; the PDF is gone."
        )
    out.write_bytes(certificate.pdf)
    state = f" (revoked: {certificate.revoked_reason})" if certificate.revoked else ""
    click.echo(f"{certificate.public_id} → {out} ({len(certificate.pdf)} bytes){state}")


@certs_cli.command("revoke")
@click.argument("public_id")
@click.option("--reason", required=True, help="Shown on the verification page.")
def revoke(public_id: str, reason: str) -> None:
    """Revoke a certificate; its verification page says so, with the reason."""
    certificate = _certificate(public_id)
    try:
        services.revoke(certificate, reason, None)
    except services.AlreadyRevoked:
        raise click.ClickException(f"{certificate.public_id} is already revoked.") from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{certificate.public_id} revoked.")


@certs_cli.command("reissue")
@click.argument("public_id")
@click.option("--lang", type=LANGS, default=None, help="Another language (default: the same).")
def reissue(public_id: str, lang: str | None) -> None:
    """Re-issue a certificate (new ID, the person's current name); the old one is revoked as "reissued"."""
    certificate = _certificate(public_id)
    try:
        new = services.reissue(certificate, None, lang)
    except services.AlreadyIssued as error:
        raise click.ClickException(
            f"{error.certificate.public_id} is the active one; re-issue that."
        ) from None
    except services.CertificateError as error:
        raise click.ClickException(f"The certificate could not be issued: {error}") from None
    db.session.commit()
    click.echo(new.public_id)


@certs_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(file: Path) -> None:
    """Check a PDF file as the verification page does; exits 1 unless it is genuine."""
    try:
        roots = trust_roots(current_app.config, current_app.instance_path)
    except SigningNotConfigured as error:
        raise click.ClickException(str(error)) from None
    check = verify_upload(file.read_bytes(), roots)
    click.echo(f"{check.verdict}: {check.result.summary if check.result else ''}")
    if check.certificate is not None:
        click.echo(f"{check.certificate.public_id}: {check.certificate.status(services.today())}")
    if not check.genuine:
        raise SystemExit(1)


@certs_cli.command("init-signing")
@click.option(
    "--force", is_flag=True, help="Replace the existing development keys (old certificates stop verifying)."
)
def init_signing(force: bool) -> None:
    """Create the development CA and signing certificate in instance/signing/ (idempotent)."""
    config = current_app.config
    if config["ENV_NAME"] == "production":
        raise click.ClickException(
            "A development CA is not for production: configure SIGNING_PKCS12 (see docs/certificates.md)."
        )
    if config.get("SIGNING_PKCS12") or config.get("SIGNING_KEY"):
        click.echo("Note: a signing key is configured, so the development key will not be used.")
    folder = Path(current_app.instance_path)
    org = config.get("CERT_ISSUER") or "ChInValue Academy"
    passphrase = config.get("SIGNING_PASSPHRASE") or DEV_PASSPHRASE
    if force:
        pki = create_dev_pki(folder / "signing", org, passphrase=passphrase, force=True)
    else:
        pki = dev_pki(folder, org, passphrase)
    ca = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    signer = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
    click.echo(f"Development CA:      {pki.ca_cert}\n  {describe(ca)}")
    click.echo(f"Signing certificate: {pki.pkcs12}\n  {describe(signer)}")
    click.echo("Verification trusts the CA above unless SIGNING_TRUST_ROOTS is set.")
