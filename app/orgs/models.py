"""Companies (organisations), who belongs to them, and the invitations that let people join."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow

MANAGER = "manager"
MEMBER = "member"
ROLES = (MANAGER, MEMBER)
#: Longest team (department) tag.
TEAM_MAX = 60


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: ASCII form of the name, for file names and the CLI.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.slug}>"


class Membership(db.Model):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    #: Unique: a person belongs to at most one company.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: manager or member.
    role: Mapped[str] = mapped_column(String(10), default=MEMBER)
    #: A department tag the managers use to filter (optional).
    team: Mapped[str | None] = mapped_column(String(TEAM_MAX))
    #: The company sees nothing from before this moment unless ``share_history``.
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The member lets the company see quiz scores (default: completion and certificates only).
    share_scores: Mapped[bool] = mapped_column(default=False)
    #: The member lets the company see what they did before joining.
    share_history: Mapped[bool] = mapped_column(default=False)

    org: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    def __repr__(self) -> str:
        return f"<Membership user={self.user_id} org={self.org_id} {self.role}>"


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    #: Random, url-safe, 128 bits: used in /join/<code> and typed on the "Join a company" page.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    #: When set, only the account with this address may use the invitation.
    email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    org: Mapped[Organisation] = relationship()
    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])

    def state(self, now: datetime) -> str:
        """open, used, revoked or expired."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "open"

    def __repr__(self) -> str:
        return f"<Invitation {self.id} org={self.org_id}>"


class Assignment(db.Model):
    """A course a manager asked a member to complete by a day; overdue while the course is not completed."""

    __tablename__ = "course_assignments"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    #: The last day to complete the course (a calendar day, no time).
    due_on: Mapped[date]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the last reminder mail went out (none twice a day).
    reminded_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<Assignment user={self.user_id} course={self.course_id} due={self.due_on}>"
