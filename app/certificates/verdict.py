"""One verdict on a certificate, the same on the verification page, in both JSON answers and on the
command line: valid, revoked, expired, superseded, not_genuine or unknown.

A pure function of the stored record, today's date and, when someone presented a document, what checking
that document found (``Evidence``). The evidence is channel-neutral: today a signed PDF (verification.py
turns pyHanko's result into it); a later channel, such as an Open Badges 3.0 credential whose proof is
checked, produces the same ``Evidence`` and gets the same verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"
SUPERSEDED = "superseded"
NOT_GENUINE = "not_genuine"
UNKNOWN = "unknown"
VERDICTS = (VALID, REVOKED, EXPIRED, SUPERSEDED, NOT_GENUINE, UNKNOWN)

#: Why a presented document is not genuine (``Evidence.problem``).
NOT_GENUINE_REASONS = (
    "empty", "too_large", "not_pdf", "unreadable", "unsigned", "changed", "untrusted", "modified", "not_issued",
)  # fmt: skip
#: Why nothing can be said (``Verdict.reason`` of UNKNOWN): no such ID, or the check itself is unavailable.
UNKNOWN_REASONS = ("not_found", "typo", "malformed", "unavailable")
#: Why a certificate was superseded: re-issued (e.g. a corrected name) or issued in another language.
REISSUED, OTHER_LANGUAGE = "reissued", "other_language"


class Record(Protocol):
    """What the verdict reads of a stored certificate (app.certificates.models.Certificate)."""

    public_id: str
    lang: str
    valid_until: date | None
    revoked_at: datetime | None
    revocation_category: str | None


@dataclass(frozen=True)
class Evidence:
    """What checking a presented document found.

    ``authentic``: its proof (the PDF signature) is ours, intact and covers the whole document; ``problem``
    says why not (one of NOT_GENUINE_REASONS, or "unavailable" when it could not be checked at all).
    """

    authentic: bool
    problem: str | None = None


@dataclass(frozen=True)
class Verdict:
    """The verdict, with what it rests on.

    ``reason``: the public revocation category (revoked), reissued/other_language (superseded), one of
    NOT_GENUINE_REASONS (not_genuine) or UNKNOWN_REASONS (unknown). ``day``: the local date of the
    revocation (revoked, superseded) or the last day of validity (expired). ``replacement``: the public
    ID of the newest certificate that replaced this one (superseded).
    """

    verdict: str
    reason: str | None = None
    day: date | None = None
    replacement: str | None = None

    @property
    def valid(self) -> bool:
        """The one flag a relying party needs: True only for a valid certificate (and a genuine file)."""
        return self.verdict == VALID


def decide(
    record: Record | None,
    today: date,
    zone: tzinfo,
    *,
    evidence: Evidence | None = None,
    replacement: Record | None = None,
    unknown_reason: str = "not_found",
) -> Verdict:
    """The verdict on a certificate.

    :param record: the stored certificate (for a document: the one its content identifies), or None.
    :param today: today in the platform's time zone; a certificate is valid through its ``valid_until``.
    :param zone: the platform's time zone, for the date of a revocation (stored in UTC).
    :param evidence: what checking a presented document found; None when only an ID was looked up.
    :param replacement: the newest certificate that replaced ``record``, if any.
    :param unknown_reason: why ``record`` is None when no document was presented (not_found, typo, malformed).
    """
    if evidence is not None and not evidence.authentic:
        if evidence.problem == "unavailable":
            return Verdict(UNKNOWN, "unavailable")
        return Verdict(NOT_GENUINE, evidence.problem or "changed")
    if record is None:
        return (
            Verdict(NOT_GENUINE, "not_issued") if evidence is not None else Verdict(UNKNOWN, unknown_reason)
        )
    if record.revoked_at is not None:
        revoked_on = record.revoked_at.replace(tzinfo=UTC).astimezone(zone).date()
        if replacement is not None:
            why = REISSUED if replacement.lang == record.lang else OTHER_LANGUAGE
            return Verdict(SUPERSEDED, why, revoked_on, replacement.public_id)
        return Verdict(REVOKED, record.revocation_category or "other", revoked_on)
    if record.valid_until is not None and record.valid_until < today:
        return Verdict(EXPIRED, None, record.valid_until)
    return Verdict(VALID, None, record.valid_until)
