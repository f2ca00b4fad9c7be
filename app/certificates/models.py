"""Issued certificates: what was printed (a snapshot), the signed PDF itself and its state.

The PDF is stored in the database, so every app server serves the same bytes, and the verification
upload compares an uploaded file's SHA-256 with what we issued. A certificate is never changed once
issued; it can only be revoked (and replaced by a new one with a new id).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.certificates.labels import course_title_for
from app.courses.models import Course
from app.extensions import db
from app.timeutil import utcnow

#: How a certificate came about.
SOURCE_COMPLETION = "completion"
SOURCE_MANUAL = "manual"
SOURCE_REISSUE = "reissue"

#: Why a certificate was revoked, as published on its verification page (the note beside it stays
#: internal). A re-issue revokes the old certificate as "replaced".
ISSUED_IN_ERROR = "issued_in_error"
REPLACED = "replaced"
HOLDER_REQUEST = "holder_request"
OBTAINED_IMPROPERLY = "obtained_improperly"
OTHER = "other"
REVOCATION_CATEGORIES = (ISSUED_IN_ERROR, REPLACED, HOLDER_REQUEST, OBTAINED_IMPROPERLY, OTHER)


def active_key(user_id: int, course_id: int, workshop: str | None = None) -> str:
    """The value of ``Certificate.active_key`` for a person's active certificate of a course (or of a
    workshop: ``workshop`` is e.g. "w7a" for attendance, "w7b" for blended)."""
    return f"{user_id}:{course_id}" + (f":{workshop}" if workshop else "")


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The public id printed on the certificate and used in /verify/<id> (see ids.py).
    public_id: Mapped[str] = mapped_column(String(24), unique=True)
    #: The holder; None once they deleted their account (the certificate stays verifiable without the name).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    #: The certificate's language: de, en, zh, de+zh or en+zh.
    lang: Mapped[str] = mapped_column(String(8))
    #: The names as printed (a snapshot: a later profile change does not alter an issued certificate);
    #: None once the holder deleted their account (see ``holder_erased_at``).
    name: Mapped[str | None] = mapped_column(String(120))
    name_zh: Mapped[str | None] = mapped_column(String(60))
    #: The issuer as printed (CERT_ISSUER at issue time).
    issuer: Mapped[str] = mapped_column(String(200))
    #: The course title in every language at issue time.
    course_title: Mapped[dict[str, str]] = mapped_column(JSON)
    completed_on: Mapped[date]
    #: The printed score; None when the course does not show scores (or for a workshop issued by hand).
    score_percent: Mapped[float | None]
    #: None: the certificate does not expire.
    valid_until: Mapped[date | None]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: completion, manual or reissue.
    source: Mapped[str] = mapped_column(String(12), default=SOURCE_COMPLETION)
    #: Who issued it by hand or re-issued it; None when issued automatically at completion.
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The certificate this one replaced (re-issue).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    #: How often the participant changed the language (re-issues they made themselves), carried forward.
    language_changes: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None]
    #: Public: one of REVOCATION_CATEGORIES (shown on the verification page and in its JSON).
    revocation_category: Mapped[str | None] = mapped_column(String(24))
    #: Internal: the admin's own words on a revocation; never shown publicly.
    revocation_note: Mapped[str | None] = mapped_column(String(500))
    #: Internal: why a certificate was issued by hand (e.g. "attended the workshop on 20 Nov in Düsseldorf").
    issue_note: Mapped[str | None] = mapped_column(String(500))
    #: "user_id:course_id" while the certificate is active, NULL once revoked: the unique constraint on
    #: it allows exactly one active certificate per person and course, on every database.
    active_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: The signed PDF as issued; loaded only when asked for. None once the holder deleted their account.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: SHA-256 of ``pdf`` in hex, to recognise an uploaded file (kept after the PDF itself is dropped).
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: When the holder deleted their account: name, Chinese name and PDF were removed then.
    holder_erased_at: Mapped[datetime | None]
    #: For a workshop certificate: the workshop, and what was printed of it (see app/workshops/certify.py):
    #: {"kind": "attendance"|"blended", "title": {lang: text}, "date", "place", "hours", "trainers"}.
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), index=True
    )
    workshop_facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    course: Mapped[Course] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def holder_erased(self) -> bool:
        return self.holder_erased_at is not None

    def expired(self, today: date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    def status(self, today: date) -> str:
        """valid, expired or revoked (revoked wins)."""
        if self.revoked:
            return "revoked"
        return "expired" if self.expired(today) else "valid"

    def title_in(self, lang: str) -> str:
        """The course title as snapshotted, in ``lang`` or the best fallback."""
        return course_title_for(self.course_title, lang)

    def __repr__(self) -> str:
        return f"<Certificate {self.public_id} user={self.user_id} course={self.course_id}>"
