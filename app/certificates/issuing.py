"""Making one certificate: its facts rendered (pdf/), signed (signing.py) and stored with its audit entry.

``services.py`` decides when a certificate is issued, revoked or replaced; this module makes the row.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app, has_request_context
from sqlalchemy import select

from app.audit.models import CERTIFICATE_ISSUED
from app.audit.services import record
from app.auth.models import User
from app.auth.name_alphabet import unprintable_name_char
from app.certificates.dates import add_months
from app.certificates.errors import IssuingFailed, UnprintableName
from app.certificates.ids import new_certificate_id
from app.certificates.keys import SigningNotConfigured, signing_setup
from app.certificates.labels import LOCALES
from app.certificates.models import SOURCE_COMPLETION, SOURCE_MANUAL, Certificate, active_key
from app.certificates.pdf import CertificateData, render_certificate
from app.courses.models import Course, Module, ModuleText
from app.extensions import db
from app.fonts import FontError, UnprintableText, describe
from app.timeutil import utcnow
from app.urls import external_url

logger = logging.getLogger("app.certificates.services")  # the name operators filter issuing errors by
audit = logging.getLogger("app.certificates.audit")

#: The languages a certificate can be issued in.
CERTIFICATE_LANGS = tuple(LOCALES)
_warned = {"base_url": False}


def verify_url(public_id: str) -> str:
    """The public verification address printed (and QR-coded) on the certificate.

    :raises IssuingFailed: in production outside a request without SERVER_BASE_URL or SERVER_NAME.
    """
    config = current_app.config
    if has_request_context() or config.get("SERVER_NAME"):
        return external_url("certificates.verify_page", public_id=public_id)  # SERVER_BASE_URL first
    if config.get("SERVER_BASE_URL"):
        return f"{config['SERVER_BASE_URL'].rstrip('/')}/verify/{public_id}"
    if config.get("ENV_NAME") == "production":
        raise IssuingFailed(
            "Set SERVER_BASE_URL (e.g. https://academy.example.org) to issue from the command line."
        )
    if not _warned["base_url"]:
        _warned["base_url"] = True
        logger.warning("SERVER_BASE_URL is not set: certificates issued here link to http://localhost:5000")
    return f"http://localhost:5000/verify/{public_id}"


@dataclass(frozen=True)
class Facts:
    """What a certificate states beyond the person and the course."""

    lang: str
    completed_on: date
    score_percent: float | None
    valid_until: date | None


def duration(course: Course) -> int | None:
    """The course's length: the sum of its active modules' durations in the source language."""
    rows = db.session.execute(
        select(ModuleText.duration_minutes)
        .join(Module, Module.current_revision_id == ModuleText.revision_id)
        .where(Module.course_id == course.id, Module.active.is_(True), ModuleText.lang == course.source_lang)
    ).scalars()
    total = sum(rows)
    return total or None


def _config_path(key: str) -> Path | None:
    value = current_app.config.get(key)
    return Path(value) if value else None


def build(user: User, course: Course, facts: Facts) -> Certificate:
    """Render and sign a new certificate (not yet added to the session).

    :raises IssuingFailed: when there is no signing key, a font or image is missing, or signing fails.
    """
    from app.certificates.signing import SigningError, sign_pdf  # pyHanko loads with the first certificate

    if facts.lang not in CERTIFICATE_LANGS:
        raise ValueError(f"Unsupported certificate language {facts.lang!r}")
    char = unprintable_name_char(user.name, user.name_zh)
    if char is not None:
        logger.error(
            "Certificate for user %s not issued: %s in the name cannot be printed", user.id, describe(char)
        )
        raise UnprintableName(char)
    config = current_app.config
    issuer = config.get("CERT_ISSUER") or "ChInValue Academy"
    public_id = new_certificate_id()
    data = CertificateData(
        cert_id=public_id,
        verify_url=verify_url(public_id),
        name=user.name,
        name_zh=user.name_zh or None,
        course_title={
            course.source_lang: course.title_in(course.source_lang),
            **course.title,
        },  # source first
        completed_on=facts.completed_on,
        issuer=issuer,
        score_percent=facts.score_percent,
        duration_minutes=duration(course),
        trainers=tuple((course.settings.get("certificate") or {}).get("trainers") or ()),
        content_as_of=course.current_as_of,
        valid_until=facts.valid_until,
        logo_path=_config_path("CERT_LOGO"),
        signature_image_path=_config_path("CERT_SIGNATURE_IMAGE"),
    )
    try:
        setup = signing_setup(config, current_app.instance_path)
        # PAdES B-B, or B-LTA with a time stamping service (which must answer: no certificate else).
        pdf = sign_pdf(
            render_certificate(data, facts.lang), setup.signer, long_term=setup.long_term,
            reason=f"Certificate {public_id}", name=issuer,
        )  # fmt: skip
    except UnprintableText as error:  # the fonts in use lack a character the alphabet allows
        logger.error("Certificate for user %s not issued: %s", user.id, error)
        raise UnprintableName(error.char) from error
    except (SigningNotConfigured, FontError, FileNotFoundError, SigningError, OSError, ValueError) as error:
        logger.error(
            "Certificate for user %s, course %s could not be issued: %s", user.id, course.slug, error
        )
        raise IssuingFailed(str(error)) from error
    return Certificate(
        public_id=public_id,
        user_id=user.id,
        course_id=course.id,
        lang=facts.lang,
        name=data.name,
        name_zh=data.name_zh,
        issuer=issuer,
        course_title=data.course_title,
        completed_on=facts.completed_on,
        score_percent=facts.score_percent,
        valid_until=facts.valid_until,
        issued_at=utcnow(),
        active_key=active_key(user.id, course.id),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


def store(certificate: Certificate) -> Certificate:
    """Insert in a savepoint, so a concurrent duplicate (IntegrityError) leaves the transaction usable."""
    with db.session.begin_nested():
        db.session.add(certificate)
    # Completion issues in the participant's own request; by hand, the admin or trainer (None: the CLI).
    actor = certificate.user_id if certificate.source == SOURCE_COMPLETION else certificate.issued_by_id
    manual = {"completed_on": certificate.completed_on.isoformat(), "reason": certificate.issue_note}
    record(
        CERTIFICATE_ISSUED, actor_id=actor, target=f"certificate:{certificate.public_id}",
        holder=f"user:{certificate.user_id}" if certificate.user_id else None,
        course=certificate.course.slug, lang=certificate.lang, source=certificate.source,
        **(manual if certificate.source == SOURCE_MANUAL else {}),
    )  # fmt: skip
    audit.info(
        "certificate issued: %s user=%s course=%s lang=%s source=%s by=%s replaces=%s note=%r sha256=%s",
        certificate.public_id, certificate.user_id, certificate.course_id, certificate.lang,
        certificate.source, certificate.issued_by_id, certificate.replaces_id, certificate.issue_note,
        certificate.sha256,
    )  # fmt: skip
    return certificate


def validity_until(course: Course, completed_on: date) -> date | None:
    """The last day a certificate of ``course`` completed on ``completed_on`` is valid (None: no limit)."""
    months = int((course.settings.get("certificate") or {}).get("validity_months") or 0)
    return add_months(completed_on, months) if months > 0 else None
