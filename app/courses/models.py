"""Courses as stored: the files' text is kept verbatim in immutable revisions, beside what was derived
from it at import (rendered, sanitised HTML and the parsed quiz), so pages never parse Markdown.

A module's reading text and its quiz are revised separately: fixing a typo in the text must not split
the statistics of an unchanged quiz. Revisions are only ever added; attempts point at quiz revisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

PUBLISHED = "published"
DRAFT = "draft"


def picture_in(settings: Mapping[str, Any] | None, source_lang: str, lang: str) -> dict[str, Any] | None:
    """A course's picture (course.yaml `image:`) with its alt text in ``lang``, else in the source language
    (``alt_lang`` says which); None when the course has none."""
    image = (settings or {}).get("image")
    if not image:
        return None
    alt_lang = lang if image["alt"].get(lang) else source_lang
    return {**image, "alt": image["alt"].get(alt_lang, ""), "alt_lang": alt_lang}


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    source_lang: Mapped[str] = mapped_column(String(5))
    #: Languages offered, the source language first.
    languages: Mapped[list[str]] = mapped_column(JSON)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON)
    current_as_of: Mapped[date]
    #: pass_mark, completion, attempts, retake_wait_minutes, score_counts, certificate {…}
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: course.yaml as written, for `flask courses export`.
    yaml_source: Mapped[str] = mapped_column(Text)
    #: Hash over every file of the course at the last import: equal means nothing to do.
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title[self.source_lang]

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get(self.source_lang, "")

    def image_in(self, lang: str) -> dict[str, Any] | None:
        return picture_in(self.settings, self.source_lang, lang)

    def text_lang(self, lang: str) -> str:
        """The language `title_in(lang)` is written in: `lang` if the course has it, else its source language."""
        return lang if self.title.get(lang) else self.source_lang


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    #: False once the module has left course.yaml; kept because attempts may refer to it.
    active: Mapped[bool] = mapped_column(default=True)
    #: False when the module's quiz files were removed; its quiz revisions stay for the attempts.
    has_quiz: Mapped[bool] = mapped_column(default=False)
    #: The published revisions learners see, kept here so that pages need no "latest revision" query.
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revisions.id", use_alter=True, name="fk_modules_current_revision_id")
    )
    current_quiz_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_revisions.id", use_alter=True, name="fk_modules_current_quiz_id")
    )

    course: Mapped[Course] = relationship(back_populates="modules")
    revisions: Mapped[list[ModuleRevision]] = relationship(
        back_populates="module", order_by="ModuleRevision.number", foreign_keys="ModuleRevision.module_id"
    )
    quiz_revisions: Mapped[list[QuizRevision]] = relationship(
        back_populates="module", order_by="QuizRevision.number", foreign_keys="QuizRevision.module_id"
    )

    def published_revision(self) -> ModuleRevision | None:
        return db.session.get(ModuleRevision, self.current_revision_id) if self.current_revision_id else None

    def published_quiz(self) -> QuizRevision | None:
        return db.session.get(QuizRevision, self.current_quiz_id) if self.current_quiz_id else None


class RevisionColumns:
    """What every revision has: its module, a number, a status, the hash of its files and who made it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default=PUBLISHED)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def module_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("modules.id"), index=True)

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        """None for imports from files and once the author's account is deleted; the trainer for browser edits."""
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ModuleRevision(RevisionColumns, db.Model):
    """One version of a module's reading text in all its languages."""

    __tablename__ = "module_revisions"
    __table_args__ = (UniqueConstraint("module_id", "number"),)

    #: When a trainer must check the module again (source file's review_by); None when not set.
    review_by: Mapped[date | None]
    #: Rules whose date matters for the module: [{"what": text, "date": "YYYY-MM-DD"}] (source file's watch).
    watch: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    module: Mapped[Module] = relationship(back_populates="revisions", foreign_keys="ModuleRevision.module_id")
    texts: Mapped[list[ModuleText]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", order_by="ModuleText.lang"
    )


class ModuleText(db.Model):
    __tablename__ = "module_texts"
    __table_args__ = (UniqueConstraint("revision_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revisions.id"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    #: The file as written (front matter and Markdown); loaded only when asked for (export, editor).
    source: Mapped[str] = mapped_column(Text, deferred=True)
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int]
    current_as_of: Mapped[date]
    #: Rendered and sanitised at import; served as is.
    html: Mapped[str] = mapped_column(Text)
    #: A translation written for an older version of the source text.
    stale: Mapped[bool] = mapped_column(default=False)

    revision: Mapped[ModuleRevision] = relationship(back_populates="texts")


class QuizRevision(RevisionColumns, db.Model):
    """One version of a module's quiz in all its languages; attempts refer to it, so it never changes."""

    __tablename__ = "quiz_revisions"
    __table_args__ = (UniqueConstraint("module_id", "number"),)

    #: The quiz's own pass mark in percent, None to follow the course.
    pass_mark: Mapped[float | None]
    max_points: Mapped[float]
    question_count: Mapped[int]

    module: Mapped[Module] = relationship(
        back_populates="quiz_revisions", foreign_keys="QuizRevision.module_id"
    )
    texts: Mapped[list[QuizText]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", order_by="QuizText.lang"
    )


class QuizText(db.Model):
    __tablename__ = "quiz_texts"
    __table_args__ = (UniqueConstraint("revision_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revisions.id"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(300))
    #: The parsed quiz with every Markdown part rendered to sanitised HTML (see app.content.quiz.data).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    stale: Mapped[bool] = mapped_column(default=False)

    revision: Mapped[QuizRevision] = relationship(back_populates="texts")


class CourseTrainer(db.Model):
    """A trainer assigned to a course by an admin: may edit it and see its cohort and statistics."""

    __tablename__ = "course_trainers"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseAsset(db.Model):
    """An image a module shows, stored in the database so every app server can serve it."""

    __tablename__ = "course_assets"
    __table_args__ = (UniqueConstraint("course_id", "path", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    #: Path inside the course folder, e.g. images/timeline.png.
    path: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(60))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentStamp(db.Model):
    """One row whose value changes with every change to a course or a module (app/courses/structure.py):
    app servers cache course structure per process and compare this value on every use, so a publish on
    one server is seen by all at their next request."""

    __tablename__ = "content_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, not a counter: a restored or emptied database cannot bring back a value a process has cached.
    value: Mapped[str] = mapped_column(String(32))
