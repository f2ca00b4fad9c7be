"""What every verification channel answers: the verdict in words and as JSON.

The page, ``/verify/<id>`` as JSON, ``GET``/``POST /api/v1/verify`` and ``flask certs verify`` all say the
same thing because they all show a ``verdict.Verdict``. Dates are calendar dates in the platform's time
zone (Europe/Berlin); timestamps carry their offset (``2026-11-26T00:30:00+01:00``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from app.certificates import dates, services
from app.certificates.issuing import verify_url
from app.certificates.models import Certificate
from app.certificates.present import name_removed_text, reason_text
from app.certificates.verdict import (
    EXPIRED,
    NOT_GENUINE,
    OTHER_LANGUAGE,
    REVOKED,
    SUPERSEDED,
    VALID,
    Verdict,
)
from app.certificates.verification import UploadCheck


def verdict_label(verdict: Verdict) -> str:
    """The verdict in two or three words, for the badge."""
    return {
        VALID: _("Valid certificate"),
        REVOKED: _("Revoked certificate"),
        EXPIRED: _("Expired certificate"),
        SUPERSEDED: _("Replaced certificate"),
        NOT_GENUINE: _("Not genuine"),
    }.get(verdict.verdict, _("Cannot be confirmed"))


def _long(day) -> str:  # type: ignore[no-untyped-def]
    return format_date(day, "long") if day else ""


def credential_message(problem: str) -> str | None:
    """Why a presented Open Badges credential is not genuine, where a PDF's words would not fit."""
    return {
        "empty": _("Nothing was sent. Please choose the credential file or paste the credential."),
        "unreadable": _(
            "This is not an Open Badges credential we can read: the JSON or JWT is damaged or incomplete."
        ),
        "unsigned": _(
            "This credential carries no signature (only its content), so it proves nothing. Please check "
            "the credential file exactly as you received it."
        ),
        "changed": _("This credential has been changed after it was signed: it is NOT genuine."),
        "untrusted": _("This credential was not signed by us: it is NOT genuine."),
        "not_issued": _(
            "This credential carries our signature, but it does not state what our certificate states."
        ),
    }.get(problem)


def file_message(problem: str, kind: str = "pdf") -> str:
    """Why an uploaded file is not genuine (or cannot be checked), in the visitor's language.

    :param kind: pdf, or openbadge for an Open Badges credential.
    """
    if kind == "openbadge" and (text := credential_message(problem)):
        return text
    messages = {
        "not_issued": _("This file carries our signature, but it is not a certificate we issued."),
        "other_certificate": _(
            "This file is a certificate we issued, but not the one on this page: it proves nothing about "
            "this certificate."
        ),
        "empty": _("The file is empty. Please choose the certificate's PDF file."),
        "too_large": _(
            "The file is larger than 5 MB; our certificates are much smaller, so it is not one of them."
        ),
        "not_pdf": _("This is not a PDF file. Please upload the certificate exactly as you received it."),
        "unreadable": _("This PDF file is damaged and cannot be read."),
        "unsigned": _(
            "This PDF carries no digital signature, so it is not an original certificate file from us "
            "(for example a scan or a re-saved copy). Check the ID printed on it instead."
        ),
        "changed": _("This file has been changed after it was signed: it is NOT genuine."),
        "untrusted": _("This file was not signed by us: it is NOT genuine."),
        "modified": _(
            "Something was added to this file after it was signed (for example covering the name): "
            "it is NOT genuine."
        ),
        "unavailable": _("Files cannot be checked at the moment. Please try again later or check the ID."),
    }
    return messages.get(problem, messages["unavailable"])


def verdict_message(
    verdict: Verdict, *, public_id: str | None = None, document: bool = False, kind: str = "pdf"
) -> str:
    """The verdict in one or two sentences.

    :param public_id: the ID looked up (for "there is no certificate with the ID …").
    :param document: a file was checked (a genuine file says so before the certificate's state).
    :param kind: what was checked: pdf, or openbadge (an Open Badges credential).
    """
    state = verdict.verdict
    if state == NOT_GENUINE or verdict.reason == "unavailable":
        return file_message(verdict.reason or "changed", kind)
    if state == VALID:
        if verdict.day:
            text = _("This certificate is valid until %(date)s.", date=_long(verdict.day))
        else:
            text = _("This certificate is valid; it does not expire.")
    elif state == REVOKED:
        text = _(
            "This certificate was revoked on %(date)s (%(reason)s) and is no longer valid.",
            date=_long(verdict.day),
            reason=reason_text(verdict.reason),
        )
    elif state == EXPIRED:
        text = _("This certificate has expired: it was valid until %(date)s.", date=_long(verdict.day))
    elif state == SUPERSEDED and verdict.reason == OTHER_LANGUAGE:
        text = _(
            "This certificate was issued again in another language on %(date)s, with the new ID %(id)s; "
            "this one is no longer valid. Please check the new certificate.",
            date=_long(verdict.day),
            id=verdict.replacement,
        )
    elif state == SUPERSEDED:
        text = _(
            "This certificate was replaced by a newly issued certificate on %(date)s, with the new ID %(id)s; "
            "this one is no longer valid. Please check the new certificate.",
            date=_long(verdict.day),
            id=verdict.replacement,
        )
    elif verdict.reason == "typo":
        text = _(
            "This ID contains a typo: its last character does not match the others. Please compare it with the certificate once more."
        )
    elif verdict.reason == "malformed":
        text = _("This is not a certificate ID. IDs look like CV-7K3M-9QXD-2P8W-H.")
    else:
        text = _("There is no certificate with the ID %(id)s.", id=public_id or "")
    if document and kind == "openbadge":
        return _("The credential is unchanged and was issued by us.") + " " + text
    if document:
        return _("The file is an unchanged certificate issued by us.") + " " + text
    return text


def upload_message(check: UploadCheck, verdict: Verdict) -> str:
    """The verdict on a presented file or credential in words."""
    document = check.genuine and check.certificate is not None
    return verdict_message(verdict, document=document, kind=check.kind)


def verdict_json(verdict: Verdict, message: str) -> dict[str, Any]:
    """The verdict fields every JSON answer carries; ``valid`` and ``verdict`` are what clients must read."""
    replacement = verdict.replacement
    return {
        "valid": verdict.valid,
        "verdict": verdict.verdict,
        "verdict_reason": verdict.reason,
        "verdict_date": verdict.day.isoformat() if verdict.day else None,
        "replaced_by": {"id": replacement, "verify_url": verify_url(replacement)} if replacement else None,
        "message": message,
    }


def certificate_json(
    certificate: Certificate, lang: str, verdict: Verdict, verify_url: str
) -> dict[str, Any]:
    """The public facts of a certificate with its verdict, as ``/verify/<id>`` answers them.

    Never the internal revocation note. After the holder deleted their account, ``name`` and ``name_zh`` are
    null and ``name_removed`` is true (with ``name_removed_note`` in the visitor's language).
    """
    erased = certificate.holder_erased
    revoked = certificate.revoked_at
    return {
        **verdict_json(verdict, verdict_message(verdict)),
        "id": certificate.public_id,
        "status": certificate.status(services.today()),
        "name": None if erased else certificate.name,
        "name_zh": None if erased else certificate.name_zh,
        "name_removed": erased,
        "name_removed_note": name_removed_text() if erased else None,
        "course": {"title": certificate.title_in(lang), "titles": certificate.course_title},
        "workshop": certificate.workshop_facts,  # None for a course certificate
        "language": certificate.lang,
        "completed_on": certificate.completed_on.isoformat(),
        "score_percent": certificate.score_percent,
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "issued_on": dates.local_date(certificate.issued_at).isoformat(),
        "issued_at": dates.local_time(certificate.issued_at).isoformat(),
        "issuer": certificate.issuer,
        "revoked_on": dates.local_date(revoked).isoformat() if revoked else None,
        "revoked_at": dates.local_time(revoked).isoformat() if revoked else None,
        "revocation_category": certificate.revocation_category,
        "revoked_reason": reason_text(certificate.revocation_category) if revoked else None,
        "sha256": certificate.sha256,
        "verify_url": verify_url,
    }


def upload_json(check: UploadCheck, verdict: Verdict, lang: str) -> dict[str, Any]:
    """The verdict on an uploaded file, as JSON; ``genuine`` only says the file is one we issued, unchanged
    (also for a revoked certificate): clients read ``valid`` and ``verdict``."""
    result = check.result
    certificate = check.certificate
    return {
        **verdict_json(verdict, upload_message(check, verdict)),
        "genuine": check.genuine,
        "document": check.kind,
        "sha256": check.sha256,
        "signature_level": result.level if result is not None else None,
        "openbadge": {"key_id": check.key_id} if check.kind == "openbadge" else None,
        "signature": None
        if result is None
        else {
            "intact": result.intact,
            "trusted": result.trusted,
            "covers_whole_file": result.coverage_ok,
            "modification_level": result.modification_level,
            "signer": result.signer_subject or None,
            "signed_at": result.signed_at.isoformat() if result.signed_at else None,
            "level": result.level,
            "summary": result.summary,
        },
        "certificate": certificate_json(certificate, lang, verdict, verify_url(certificate.public_id))
        if certificate is not None
        else None,
    }
