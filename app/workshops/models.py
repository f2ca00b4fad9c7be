"""Workshops as stored: times in UTC beside the IANA zone they were planned in, seats counted on the row.

``registered_count`` is kept on the workshop so that taking a seat is one conditional UPDATE
(``... WHERE registered_count < capacity``): two requests for the last seat cannot both get it, on
SQLite or PostgreSQL, without a table lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.timeutil import utcnow

FORMATS = ("on_site", "online", "hybrid")
#: Roles of a linked course: modules to prepare with, and the course whose quizzes a blended certificate needs.
PREPARE, CERTIFICATE_PATH = "prepare", "certificate"
REGISTERED, WAITLISTED, CANCELLED = "registered", "waitlisted", "cancelled"
ATTENDED, NO_SHOW = "attended", "no_show"
#: The kinds of workshop certificate: attendance alone, or attendance plus the certificate-path course.
ATTENDANCE, BLENDED = "attendance", "blended"


class Workshop(db.Model):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON)
    #: on_site, online or hybrid.
    format: Mapped[str] = mapped_column(String(10))
    #: The address as text (no map embed).
    venue: Mapped[str | None] = mapped_column(Text)
    #: Shown only to registered participants.
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: Naive UTC.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: The IANA zone the workshop takes place in (Europe/Berlin, Asia/Shanghai, …).
    timezone: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int]
    #: Seats taken (status registered); changed only by conditional UPDATEs in services.py.
    registered_count: Mapped[int] = mapped_column(default=0)
    #: Naive UTC; registration and cancellation close then.
    registration_deadline: Mapped[datetime]
    cpd_hours: Mapped[float | None]
    #: iCalendar SEQUENCE: raised on every change participants are told about.
    sequence: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainers: Mapped[list[WorkshopTrainer]] = relationship(cascade="all, delete-orphan")
    courses: Mapped[list[WorkshopCourse]] = relationship(cascade="all, delete-orphan")

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or next(iter(self.title.values()), "")

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get("en") or ""

    def courses_for(self, role: str) -> list[Course]:
        return [link.course for link in self.courses if link.role == role]

    def trainer_names(self) -> list[str]:
        return [link.user.name for link in self.trainers]


class WorkshopTrainer(db.Model):
    __tablename__ = "workshop_trainers"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class WorkshopCourse(db.Model):
    __tablename__ = "workshop_courses"
    __table_args__ = (UniqueConstraint("workshop_id", "course_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    #: prepare or certificate.
    role: Mapped[str] = mapped_column(String(12))

    course: Mapped[Course] = relationship()


class Registration(db.Model):
    __tablename__ = "workshop_registrations"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: registered, waitlisted or cancelled.
    status: Mapped[str] = mapped_column(String(12))
    #: Place on the waiting list (1 = next to be promoted); None when not waiting.
    position: Mapped[int | None]
    #: None until recorded; attended or no_show.
    attendance: Mapped[str | None] = mapped_column(String(10))
    checked_in_at: Mapped[datetime | None]
    #: The trainer who checked the person in; None for a self check-in by QR code or the CLI.
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: A company manager who registered the person; None when they registered themselves.
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class CalendarFeed(db.Model):
    """A participant's private calendar-feed address; regenerating the token ends the old address."""

    __tablename__ = "workshop_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
