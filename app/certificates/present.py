"""How a certificate is shown: its status and revocation reason in words, the LinkedIn link, typo detection
(the verdict in words and as JSON: answers.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask_babel import format_date
from flask_babel import gettext as _

from app.certificates.ids import ALPHABET, CHECK_SYMBOLS, PREFIX
from app.certificates.labels import languages
from app.certificates.models import (
    HOLDER_REQUEST,
    ISSUED_IN_ERROR,
    OBTAINED_IMPROPERLY,
    OTHER,
    REPLACED,
    Certificate,
)

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def looks_like_an_id(text: str) -> bool:
    """Whether ``text`` has the shape of a certificate id (so a failed check means a typo, not junk)."""
    compact = "".join((text or "").split()).replace("-", "").upper()
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + 13:
        compact = compact[len(PREFIX) :]
    allowed = set(ALPHABET + CHECK_SYMBOLS + "OIL")
    return len(compact) == 13 and all(char in allowed for char in compact)


def reason_text(category: str | None) -> str:
    """A public revocation category in words (the internal note is never shown publicly)."""
    texts = {
        ISSUED_IN_ERROR: _("issued in error"),
        REPLACED: _("replaced by a newly issued certificate"),
        HOLDER_REQUEST: _("withdrawn at the holder's request"),
        OBTAINED_IMPROPERLY: _("obtained improperly"),
        OTHER: _("other reasons"),
    }
    return texts.get(category or OTHER, texts[OTHER])


def date_not_allowed_text(earliest: date, latest: date) -> str:
    """Why a completion date given by hand is refused."""
    return _(
        "Please give a date from %(earliest)s (when the course was created) to %(latest)s (today).",
        earliest=format_date(earliest, "long"),
        latest=format_date(latest, "long"),
    )


def status_text(certificate: Certificate, today: date) -> str:
    status = certificate.status(today)
    if status == "revoked":
        return _(
            "Revoked on %(date)s: %(reason)s",
            date=format_date(certificate.revoked_at, "long"),
            reason=reason_text(certificate.revocation_category),
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
