"""Where each participant stands: per module and per course. Rows only ever move forward."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
PASSED = "passed"


class ModuleProgress(db.Model):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    #: in_progress once opened, passed once its quiz is passed (or, without a quiz, once marked as read).
    status: Mapped[str] = mapped_column(String(12), default=IN_PROGRESS)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    passed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    best_percent: Mapped[float | None]
    last_percent: Mapped[float | None]


class CourseProgress(db.Model):
    __tablename__ = "course_progress"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The module to continue with ("continue where I left off").
    last_module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    last_visited_at: Mapped[datetime] = mapped_column(default=utcnow)
    modules_passed: Mapped[int] = mapped_column(default=0)
    percent: Mapped[float] = mapped_column(default=0.0)
    #: Set once, by the course's completion rule; never unset.
    completed_at: Mapped[datetime | None]
    #: The course score at completion (average of the counted quiz scores), for certificates.
    score_percent: Mapped[float | None]
