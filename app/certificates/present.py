"""How a certificate is shown: its status in words, its JSON form, the LinkedIn link, typo detection."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask_babel import format_date
from flask_babel import gettext as _

from app.certificates.ids import ALPHABET, CHECK_SYMBOLS, PREFIX
from app.certificates.labels import languages
from app.certificates.models import REISSUED, Certificate
from app.certificates.verification import UploadCheck

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def looks_like_an_id(text: str) -> bool:
    """Whether ``text`` has the shape of a certificate id (so a failed check means a typo, not junk)."""
    compact = "".join((text or "").split()).replace("-", "").upper()
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + 13:
        compact = compact[len(PREFIX) :]
    allowed = set(ALPHABET + CHECK_SYMBOLS + "OIL")
    return len(compact) == 13 and all(char in allowed for char in compact)


def reason_text(reason: str | None) -> str:
    """A revocation reason for people: "reissued" in words, anything else as the admin wrote it."""
    if reason == REISSUED:
        return _("replaced by a newly issued certificate")
    return reason or ""


def status_text(certificate: Certificate, today: date) -> str:
    status = certificate.status(today)
    if status == "revoked":
        return _(
            "Revoked on %(date)s: %(reason)s",
            date=format_date(certificate.revoked_at, "long"),
            reason=reason_text(certificate.revoked_reason),
        )
    if status == "expired":
        return _("Expired on %(date)s", date=format_date(certificate.valid_until, "long"))
    if certificate.valid_until:
        return _("Valid until %(date)s", date=format_date(certificate.valid_until, "long"))
    return _("Valid")


def titles_shown(certificate: Certificate, lang: str) -> list[tuple[str, str]]:
    """(language, title) pairs: the visitor's language first, then the certificate's languages."""
    shown: list[tuple[str, str]] = []
    for code in (lang, *languages(certificate.lang)):
        title = certificate.course_title.get(code)
        if title and title not in (t for _c, t in shown):
            shown.append((code, title))
    if not shown:
        shown.append((lang, certificate.title_in(lang)))
    return shown


def unprintable_name_text(char: str, holder: str | None = None) -> str:
    """Why a certificate was not issued: the name has a character certificates cannot print.

    :param holder: the person's name when someone else (an admin) issues; None for the holder.
    """
    code = f"U+{ord(char):04X}"
    if holder is None:
        return _(
            "Your name contains the character '%(char)s' (%(code)s), which cannot be printed on certificates. "
            "Please correct your name in your profile, then issue the certificate again.",
            char=char,
            code=code,
        )
    return _(
        "The name of %(name)s contains the character '%(char)s' (%(code)s), which cannot be printed on "
        "certificates. Please ask them to correct it in their profile.",
        name=holder,
        char=char,
        code=code,
    )


def name_removed_text() -> str:
    """Shown instead of the name on the certificate of someone who deleted their account."""
    return _("The holder's name was removed at their request.")


def certificate_json(certificate: Certificate, lang: str, today: date, verify_url: str) -> dict[str, Any]:
    """The public facts of a certificate as the verification API answers them.

    After the holder deleted their account, ``name`` and ``name_zh`` are null and ``name_removed`` is true
    (with ``name_removed_note`` saying so in the visitor's language): the rest still confirms the certificate.
    """
    erased = certificate.holder_erased
    return {
        "id": certificate.public_id,
        "status": certificate.status(today),
        "name": None if erased else certificate.name,
        "name_zh": None if erased else certificate.name_zh,
        "name_removed": erased,
        "name_removed_note": name_removed_text() if erased else None,
        "course": {"title": certificate.title_in(lang), "titles": certificate.course_title},
        "language": certificate.lang,
        "completed_on": certificate.completed_on.isoformat(),
        "score_percent": certificate.score_percent,
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "issued_on": certificate.issued_at.date().isoformat(),
        "issuer": certificate.issuer,
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "revoked_reason": certificate.revoked_reason,
        "sha256": certificate.sha256,
        "verify_url": verify_url,
    }


def upload_json(
    check: UploadCheck, message: str, lang: str, today: date, verify_url: str | None
) -> dict[str, Any]:
    """The verdict on an uploaded file, as JSON."""
    result = check.result
    return {
        "genuine": check.genuine,
        "verdict": check.verdict,
        "message": message,
        "sha256": check.sha256,
        "signature": None
        if result is None
        else {
            "intact": result.intact,
            "trusted": result.trusted,
            "covers_whole_file": result.coverage_ok,
            "modification_level": result.modification_level,
            "signer": result.signer_subject or None,
            "signed_at": result.signed_at.isoformat() if result.signed_at else None,
            "summary": result.summary,
        },
        "certificate": certificate_json(check.certificate, lang, today, verify_url or "")
        if check.certificate is not None
        else None,
    }


def verdict_message(check: UploadCheck) -> str:
    """What the verdict means, in the visitor's language."""
    messages = {
        "genuine": _("This file is a genuine certificate issued by us and has not been changed."),
        "unknown": _("This file carries our signature, but it is not a certificate we issued."),
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
    return messages.get(check.verdict, messages["unavailable"])


def linkedin_url(certificate: Certificate, verify_url: str) -> str:
    """LinkedIn's "add licence or certification" form, filled in; a plain link, nothing loads from LinkedIn."""
    issued = certificate.issued_at
    params: dict[str, Any] = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.title_in(languages(certificate.lang)[0]),
        "organizationName": certificate.issuer,
        "issueYear": issued.year,
        "issueMonth": issued.month,
    }
    if certificate.valid_until:
        params["expirationYear"] = certificate.valid_until.year
        params["expirationMonth"] = certificate.valid_until.month
    params["certUrl"] = verify_url
    params["certId"] = certificate.public_id
    return f"{LINKEDIN_ADD}?{urlencode(params)}"
