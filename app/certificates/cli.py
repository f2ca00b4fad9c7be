"""`flask certs …`: issue, export, revoke and check certificates; create the development signing key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from app.auth.models import User
from app.certificates import services
from app.certificates.answers import upload_message, verdict_message
from app.certificates.documents import check_document
from app.certificates.errors import CertificateError
from app.certificates.forms import CERTIFICATE_LANGUAGES
from app.certificates.ids import normalise_certificate_id
from app.certificates.keys import DEV_PASSPHRASE, describe, dev_pki
from app.certificates.models import REVOCATION_CATEGORIES, Certificate
from app.certificates.present import looks_like_an_id
from app.certificates.verdict import EXPIRED, NOT_GENUINE, REVOKED, SUPERSEDED, UNKNOWN, VALID
from app.certificates.verification import record_verdict, upload_verdict
from app.courses.models import Course
from app.extensions import db
from app.openbadges.keys import credential_keys, dev_key_path

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
    help="Date of the workshop, YYYY-MM-DD (default: today; not in the future, not before the course existed).",
)
@click.option("--reason", required=True, help="Why by hand, for the audit log and the admin list.")
def issue(email: str, slug: str, lang: str | None, completed_on, reason: str) -> None:  # type: ignore[no-untyped-def]
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
            user, course, lang or services.default_lang(user, course), None, day, note=reason
        )
    except services.AlreadyIssued as error:
        raise click.ClickException(
            f"{user.email} already holds the active certificate {error.certificate.public_id} for {slug}."
        ) from None
    except services.DateNotAllowed as error:
        raise click.ClickException(
            f"--completed-on: give a date from {error.earliest} (when the course was created) to {error.latest} (today)."
        ) from None
    except (CertificateError, ValueError) as error:
        raise click.ClickException(f"The certificate could not be issued: {error}") from None
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
    state = f" (revoked: {certificate.revocation_category})" if certificate.revoked else ""
    click.echo(f"{certificate.public_id} → {out} ({len(certificate.pdf)} bytes){state}")


@certs_cli.command("revoke")
@click.argument("public_id")
@click.option(
    "--category",
    required=True,
    type=click.Choice(REVOCATION_CATEGORIES),
    help="The reason published on the verification page.",
)
@click.option("--note", default=None, help="Internal note (audit log and admin list; never public).")
def revoke(public_id: str, category: str, note: str | None) -> None:
    """Revoke a certificate; its verification page says so, with the category."""
    certificate = _certificate(public_id)
    try:
        services.revoke(certificate, category, None, note)
    except services.AlreadyRevoked:
        raise click.ClickException(f"{certificate.public_id} is already revoked.") from None
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
    except CertificateError as error:
        raise click.ClickException(f"The certificate could not be issued: {error}") from None
    click.echo(new.public_id)


#: The exit code of `flask certs verify` per verdict (1 and 2 are click's: an error, a usage error).
EXIT_CODES = {VALID: 0, EXPIRED: 3, SUPERSEDED: 4, REVOKED: 5, NOT_GENUINE: 6, UNKNOWN: 7}


@certs_cli.command(
    "verify", epilog="Exit codes: " + ", ".join(f"{code} {v}" for v, code in EXIT_CODES.items())
)
@click.argument("file_or_id")
def verify(file_or_id: str) -> None:
    """Give the verdict on a PDF file, an Open Badges credential file (or a certificate ID) as the
    verification page does.

    Prints the verdict and why; exits 0 only for a valid certificate, 3 expired, 4 superseded (replaced by
    a re-issued certificate), 5 revoked, 6 not genuine, 7 unknown (no such ID, or files cannot be checked).
    """
    path = Path(file_or_id)
    with force_locale("en"):
        if path.is_file():
            check = check_document(path.read_bytes())
            verdict = upload_verdict(check)
            message = upload_message(check, verdict)
            certificate = check.certificate
        elif normalise_certificate_id(file_or_id) or looks_like_an_id(file_or_id):
            canonical, certificate = services.find_certificate(file_or_id)
            verdict = record_verdict(certificate, "not_found" if canonical else "typo")
            message = verdict_message(verdict, public_id=canonical)
        else:
            raise click.ClickException(f"{file_or_id}: no such file, and not a certificate ID.")
    click.echo(f"{verdict.verdict}: {message}")
    if certificate is not None:
        click.echo(f"certificate: {certificate.public_id}")
    if verdict.replacement:
        click.echo(f"replaced by: {verdict.replacement}")
    raise SystemExit(EXIT_CODES[verdict.verdict])


@certs_cli.command("init-signing")
@click.option(
    "--force", is_flag=True, help="Replace the existing development keys (old certificates stop verifying)."
)
def init_signing(force: bool) -> None:
    """Create the development CA, signing certificate and Open Badges key in instance/signing/ (idempotent)."""
    from cryptography import x509

    from app.certificates.devpki import create_dev_pki

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
    if not config.get("OPENBADGES_KEY"):
        path = dev_key_path(folder, config.get("SIGNING_PASSPHRASE"))
        keys = credential_keys(config, folder)
        click.echo(f"Open Badges key:     {path}\n  ES256, key ID (RFC 7638 thumbprint) {keys.signing_id}")
