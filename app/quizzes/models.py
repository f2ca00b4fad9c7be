"""Quiz attempts as stored. An attempt keeps the option order it showed and the answers it received, and
points at the quiz revision it was taken on, so it always shows the questions as they were."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.courses.models import QuizRevision
from app.extensions import db
from app.timeutil import utcnow


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        #: One attempt per number: two tabs or a double click cannot open two attempts at once.
        UniqueConstraint("user_id", "module_id", "number"),
        #: A person's latest results ("My learning"): their newest submissions read in order from the index,
        #: never all their attempts (nor, in a generic plan, everyone's by date) fetched and sorted.
        Index("ix_quiz_attempts_user_id_submitted_at", "user_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    quiz_revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revisions.id"), index=True)
    #: 1 for the first attempt at this module's quiz, 2 for the second, …
    number: Mapped[int]
    #: Language the questions were shown (and text answers graded) in.
    lang: Mapped[str] = mapped_column(String(5))
    #: question id -> option/item/right-hand ids in the order shown.
    layout: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    #: question id -> the answer as received (see app.content.quiz.kinds for the shapes).
    responses: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: question id -> {score, max, correct}
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    percent: Mapped[float | None]
    #: The pass mark in force when the attempt was graded.
    pass_mark: Mapped[float | None]
    passed: Mapped[bool | None]
    #: A failed attempt's waiting time ends here (None: passed, or the course sets no waiting time); the
    #: participant gets a mail then (app/quizzes/reopen.py).
    reopens_at: Mapped[datetime | None] = mapped_column(index=True)
    #: When that mail was sent, or found needless (a newer attempt, no attempts left): never twice.
    reopen_mailed_at: Mapped[datetime | None]

    quiz_revision: Mapped[QuizRevision] = relationship()

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


EXTRA_ATTEMPT, LIFT_WAIT = "extra_attempt", "lift_wait"
OVERRIDE_KINDS = (EXTRA_ATTEMPT, LIFT_WAIT)
#: Longest reason kept: the audit log keeps it whole (app.audit.services.DETAIL_MAX).
REASON_MAX = 250


class QuizOverride(db.Model):
    """A trainer's exception to a quiz's attempt rules for one participant: one extra attempt, or the
    waiting time after one failed attempt lifted. Kept after it is used, so the trainer sees the history."""

    __tablename__ = "quiz_overrides"
    #: A form sent twice (double click, second tab) grants once: the second row would repeat a sequence.
    __table_args__ = (UniqueConstraint("user_id", "module_id", "kind", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    #: Extra attempts: 1 for the first granted on this quiz, 2 for the second, …; lifted waits: the number
    #: of the failed attempt whose waiting time it lifts.
    sequence: Mapped[int]
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the participant opened the attempt it allowed (None: not used yet).
    used_at: Mapped[datetime | None]
    used_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="SET NULL"))

    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])
