"""One row per background job: what admins see when a job failed, and what "being prepared" pages read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow

QUEUED, RUNNING, RETRYING, DONE, FAILED = "queued", "running", "retrying", "done", "failed"
#: A job in one of these states will still run (or is running): "being prepared".
OPEN = (QUEUED, RUNNING, RETRYING)


class JobRun(db.Model):
    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registered job's name, e.g. ``certificates.issue`` (app.jobs.registry).
    name: Mapped[str] = mapped_column(String(64), index=True)
    #: Its arguments (JSON: ids and short strings, never objects).
    args: Mapped[list] = mapped_column(JSON, default=list)
    #: What the job is about, e.g. ``certificate:12:3`` (user, course): one open job per key.
    key: Mapped[str | None] = mapped_column(String(120), index=True)
    status: Mapped[str] = mapped_column(String(12), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    #: The last attempt's error, as the admins' page shows it.
    error: Mapped[str | None] = mapped_column(Text)
    #: Progress of long jobs (0..100) and what they produced (e.g. an export's file name).
    progress: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Who the job is for (who may see its progress page), if anyone.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<JobRun {self.id} {self.name} {self.status}>"
