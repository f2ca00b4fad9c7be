"""What the trainer pages list: a course's editable files with their revisions and drafts, and a file's
revision history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.authoring.models import Draft
from app.authoring.services import FileRef, published_revision
from app.courses.models import (
    Course,
    Module,
    ModuleRevision,
    ModuleText,
    QuizRevision,
    QuizText,
)
from app.extensions import db

Revision = ModuleRevision | QuizRevision
Text = ModuleText | QuizText


@dataclass(frozen=True)
class FileRow:
    ref: FileRef
    number: int | None  #: the published revision holding this file, None when it has no published text
    stale: bool
    draft: Draft | None


@dataclass(frozen=True)
class ModuleFiles:
    module: Module
    title: str
    rows: list[FileRow]


def course_files(course: Course) -> list[ModuleFiles]:
    """Every editable file of the course's active modules, with its revision, staleness and draft."""
    modules = [m for m in course.modules if m.active]
    drafts = db.session.scalars(
        select(Draft).where(Draft.module_id.in_([m.id for m in modules])).options(selectinload(Draft.author))
    )
    by_key = {(d.module_id, d.kind, d.lang): d for d in drafts}
    result = []
    for module in modules:
        rows = []
        title = module.slug
        for kind in ("module", "quiz"):
            revision = published_revision(module, kind)
            texts = {t.lang: t for t in revision.texts} if revision else {}
            if kind == "module" and course.source_lang in texts:
                title = texts[course.source_lang].title
            for lang in course.languages:
                text = texts.get(lang)
                rows.append(
                    FileRow(
                        FileRef(course, module, kind, lang),
                        revision.number if revision is not None and text is not None else None,
                        bool(text and text.stale),
                        by_key.get((module.id, kind, lang)),
                    )
                )
        result.append(ModuleFiles(module, title, rows))
    return result


@dataclass(frozen=True)
class RevisionRow:
    revision: Revision
    text: Text | None  #: this file in that revision
    author: User | None
    changed: bool  #: this file differs from the previous revision's


def revision_history(ref: FileRef) -> list[RevisionRow]:
    """Every revision of the file's module text or quiz, newest first."""
    model = ModuleRevision if ref.kind == "module" else QuizRevision
    revisions = list(
        db.session.scalars(
            select(model)
            .where(model.module_id == ref.module.id)
            .options(selectinload(model.texts))
            .order_by(model.number)
        )
    )
    author_ids = {r.author_id for r in revisions if r.author_id is not None}
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(author_ids)))}
    rows: list[RevisionRow] = []
    previous: str | None = None
    for revision in revisions:
        text = next((t for t in revision.texts if t.lang == ref.lang), None)
        source = text.source if text is not None else None
        rows.append(RevisionRow(revision, text, authors.get(revision.author_id or 0), source != previous))
        previous = source
    return list(reversed(rows))


def revision_of(ref: FileRef, number: int) -> Revision | None:
    model = ModuleRevision if ref.kind == "module" else QuizRevision
    return db.session.scalar(select(model).where(model.module_id == ref.module.id, model.number == number))


# --- drafts ----------------------------------------------------------------------------------------
