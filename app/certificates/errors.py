"""The domain errors of issuing, revoking and re-issuing certificates (raised by services.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.fonts import describe

if TYPE_CHECKING:
    from app.certificates.models import Certificate


class CertificateError(Exception):
    """Base of the domain errors below."""


class NotEligible(CertificateError):
    """The person has not completed the course."""


class AlreadyIssued(CertificateError):
    """The person already holds an active certificate for the course (``certificate``)."""

    def __init__(self, certificate: Certificate) -> None:
        super().__init__(f"{certificate.public_id} is already active")
        self.certificate = certificate


class AlreadyRevoked(CertificateError):
    """The certificate is revoked: it cannot be revoked again or changed."""


class TooManyChanges(CertificateError):
    """The participant has used up their language changes."""


class LanguageNotOffered(CertificateError):
    """The course is not offered in (one of) the certificate's languages; ``offered`` are those it is."""

    def __init__(self, slug: str, lang: str, offered: list[str]) -> None:
        super().__init__(f"{slug} is not offered in {lang}; choose one of: {', '.join(offered)}")
        self.offered = offered


class IssuingFailed(CertificateError):
    """Rendering or signing failed (no signing key in production, missing fonts or images…)."""


class UnprintableName(IssuingFailed):
    """The holder's name has a character the certificate cannot print exactly (``char``): nothing is
    signed, since a certificate must show the name exactly (the forms refuse such names; this catches
    names that reached the database some other way)."""

    def __init__(self, char: str) -> None:
        super().__init__(f"the name contains {describe(char)}, which cannot be printed on certificates")
        self.char = char


class NotAllowed(CertificateError):
    """The person issuing by hand may not manage the course (trainers issue for their own courses only)."""


class DateNotAllowed(CertificateError):
    """A completion date given by hand lies in the future or before the course existed.

    ``earliest`` and ``latest`` are the dates allowed.
    """

    def __init__(self, day: date, earliest: date, latest: date) -> None:
        super().__init__(f"{day.isoformat()} is not between {earliest.isoformat()} and {latest.isoformat()}")
        self.day, self.earliest, self.latest = day, earliest, latest


class HolderErased(CertificateError):
    """The holder deleted their account: the certificate keeps its facts but has no name or PDF any more."""
