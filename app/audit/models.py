"""One row per security-relevant event, written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

if TYPE_CHECKING:  # the log sits below auth: the account model is named, not imported
    from app.auth.models import User

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
PASSWORD_CHANGED = "password_changed"  # noqa: S105  (an event name, not a password)
PASSWORD_RESET = "password_reset"  # noqa: S105  (an event name, not a password)
ROLE_CHANGED = "role_changed"
CERTIFICATE_ISSUED = "certificate_issued"
CERTIFICATE_REVOKED = "certificate_revoked"
TOKEN_CREATED = "token_created"  # noqa: S105  (an event name, not a password)
TOKEN_REVOKED = "token_revoked"  # noqa: S105  (an event name, not a password)
ACCOUNT_DELETED = "account_deleted"
MEMBER_MOVED = "member_moved"
#: A sign-in session ended other than by signing out (the details say why: app.sessions.models.CAUSES).
SESSION_ENDED = "session_ended"
#: An admin queued a failed background job again.
JOB_RETRIED = "job_retried"
#: A trainer granted a participant one extra attempt at a quiz, or lifted a waiting time (with a reason).
QUIZ_ATTEMPT_GRANTED = "quiz_attempt_granted"
QUIZ_WAIT_LIFTED = "quiz_wait_lifted"
KINDS = (
    LOGIN, LOGIN_FAILED, LOGOUT, PASSWORD_CHANGED, PASSWORD_RESET, ROLE_CHANGED, CERTIFICATE_ISSUED,
    CERTIFICATE_REVOKED, TOKEN_CREATED, TOKEN_REVOKED, ACCOUNT_DELETED, MEMBER_MOVED, SESSION_ENDED,
    JOB_RETRIED, QUIZ_ATTEMPT_GRANTED, QUIZ_WAIT_LIFTED,
)  # fmt: skip


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    #: Who did it (None: anonymous, the command line, or an account deleted since).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: What it was done to, as "type:id" (``user:12``, ``certificate:CV-…``, ``token:3``).
    target: Mapped[str | None] = mapped_column(String(80))
    #: The client's address (after the configured proxies), None from the command line.
    ip: Mapped[str | None] = mapped_column(String(45))
    #: Small facts: old and new role, the e-mail typed at a failed login, a revocation reason.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.kind}>"
