"""Drafts: what a trainer saved in the browser editor but has not published.

A draft is private to the editors of the course: learners only ever see published revisions. There is one
current draft per file (module, kind, language); saving replaces it, publishing removes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow

#: The two kinds of file a module has: its reading text and its quiz.
KINDS = ("module", "quiz")


class Draft(db.Model):
    """The unpublished text of one course file, as last saved from the editor (errors allowed)."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("module_id", "kind", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    #: "module" (module.<lang>.md) or "quiz" (quiz.<lang>.md).
    kind: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(5))
    #: The file as typed (front matter and Markdown), line endings normalised to LF; never rendered HTML.
    source: Mapped[str] = mapped_column(Text)
    #: Who saved it last; None once that account is deleted.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The published revision number the draft was edited from (0: the file had no revision yet).
    base_number: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship()
