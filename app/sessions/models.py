"""One row per sign-in (a browser session). The browser's cookies carry a random token; the row holds its
hash, so ending the row ends the session and every copy of its cookies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow

#: Why a session ended (``UserSession.end_cause`` and the audit log's ``cause``).
LOGOUT = "logout"
IDLE = "idle"
EXPIRED = "expired"
PASSWORD_CHANGED = "password_changed"  # noqa: S105  (a cause, not a password)
PASSWORD_RESET = "password_reset"  # noqa: S105  (a cause, not a password)
ROLE_CHANGED = "role_changed"
ACCOUNT_DELETED = "account_deleted"
BY_USER = "ended_by_user"
BY_ADMIN = "ended_by_admin"
CAUSES = (
    LOGOUT,
    IDLE,
    EXPIRED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    ROLE_CHANGED,
    ACCOUNT_DELETED,
    BY_USER,
    BY_ADMIN,
)


class UserSession(db.Model):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 (hex) of the random token in the browser's cookies; the token itself is not stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Written at most once a minute (services.TOUCH_EVERY), so the idle timeout is that much coarser.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The browser's User-Agent header at sign-in, cut to 300 characters.
    user_agent: Mapped[str | None] = mapped_column(String(300))
    #: The client's address when last seen (after the configured proxies).
    ip: Mapped[str | None] = mapped_column(String(45))
    #: "Stay signed in": a remember-me cookie, no idle timeout, the longer absolute lifetime.
    remember: Mapped[bool] = mapped_column(default=False)
    ended_at: Mapped[datetime | None]
    #: One of CAUSES.
    end_cause: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<UserSession {self.id} user={self.user_id}>"
