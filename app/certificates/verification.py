"""Checking an uploaded file (is it a certificate we issued, unchanged?) and the verdict on a certificate.

Plain functions, no request: the pages, the API and `flask certs verify` share them. The verdict itself
is the pure function verdict.decide; here it gets what it needs from the database.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.certificates import dates, services
from app.certificates.models import Certificate
from app.certificates.verdict import Evidence, Verdict, decide
from app.extensions import db

if TYPE_CHECKING:
    from app.certificates.signing import CertificateLike, ValidationResult

logger = logging.getLogger(__name__)

#: Largest verification upload; our certificates are 50–100 KB.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class UploadCheck:
    """The verdict on an uploaded file.

    ``verdict`` is genuine, not_issued (signed by us but not an issued certificate), empty, too_large,
    not_pdf, unreadable, unsigned, changed, untrusted, modified or unavailable (our trust roots or keys
    are not usable); the same words for a PDF and for an Open Badges credential (openbadges/verification.py). The verdict on the certificate (revoked? expired?) is ``upload_verdict``'s.
    """

    verdict: str
    sha256: str
    certificate: Certificate | None = None
    result: ValidationResult | None = None
    #: What was presented: a PDF ("pdf") or an Open Badges 3.0 credential ("openbadge").
    kind: str = "pdf"
    #: For a credential: the thumbprint of the key its proof names.
    key_id: str | None = None

    @property
    def genuine(self) -> bool:
        """The signature is ours and intact over the whole file, and the file is one we issued (whatever
        the certificate's state: a revoked certificate's file is genuine too)."""
        return self.verdict == "genuine"

    @property
    def evidence(self) -> Evidence:
        """The check as the verdict reads it: a file with our intact signature is authentic; whether it is
        a certificate we issued is the record's part (not_issued when there is none)."""
        if self.verdict in ("genuine", "not_issued"):
            return Evidence(authentic=True)
        return Evidence(authentic=False, problem=self.verdict)


def _verdict_of(result: ValidationResult) -> str:
    summary = result.summary
    if result.valid:
        return "genuine"
    for prefix, verdict in (
        ("not a PDF", "not_pdf"),
        ("file larger", "too_large"),
        ("unreadable PDF", "unreadable"),
        ("no signature", "unsigned"),
        ("too many revisions", "modified"),
        ("unusable trust root", "unavailable"),
        ("not checked", "unavailable"),
    ):
        if summary.startswith(prefix):
            return verdict
    if not result.intact:
        return "changed"
    if not result.trusted:
        return "untrusted"
    return "modified"


def verify_upload(pdf: bytes, trust_roots: Iterable[CertificateLike]) -> UploadCheck:
    """Whether an uploaded file is a certificate we issued, unchanged: a valid signature chaining to our
    trust roots over the whole file (no later incremental updates) AND the file's SHA-256 equal to
    that of an issued certificate. Never raises on what the bytes contain.
    """
    from app.certificates.signing import validate_pdf  # pyHanko loads with the first upload

    digest = hashlib.sha256(pdf).hexdigest()
    if not pdf:
        return UploadCheck("empty", digest)
    if len(pdf) > MAX_UPLOAD_BYTES:
        return UploadCheck("too_large", digest)
    result = validate_pdf(pdf, trust_roots, max_bytes=MAX_UPLOAD_BYTES)
    verdict = _verdict_of(result)
    certificate = None
    if verdict == "genuine":
        certificate = db.session.scalar(select(Certificate).where(Certificate.sha256 == digest))
        if certificate is None:
            verdict = "not_issued"
    logger.info("verification upload: %s sha256=%s (%s)", verdict, digest, result.summary)
    return UploadCheck(verdict, digest, certificate, result)


def record_verdict(certificate: Certificate | None, unknown_reason: str = "not_found") -> Verdict:
    """The verdict on a certificate looked up by its ID (None: no such certificate, for ``unknown_reason``)."""
    replacement = (
        services.replacement_of(certificate) if certificate is not None and certificate.revoked else None
    )
    return decide(
        certificate, dates.today(), dates.zone(), replacement=replacement, unknown_reason=unknown_reason
    )


def upload_verdict(check: UploadCheck, asked: Certificate | None = None) -> Verdict:
    """The verdict on an uploaded file: its own check first, then the state of the certificate it is.

    :param asked: the certificate whose page the file was uploaded to. A file of another certificate
        proves nothing about that one: not_genuine (other_certificate), never the other one's valid.
    """
    certificate = check.certificate
    if asked is not None and certificate is not None and certificate.id != asked.id:
        evidence = Evidence(authentic=False, problem="other_certificate")
        return decide(certificate, dates.today(), dates.zone(), evidence=evidence)
    replacement = (
        services.replacement_of(certificate) if certificate is not None and certificate.revoked else None
    )
    return decide(certificate, dates.today(), dates.zone(), evidence=check.evidence, replacement=replacement)
