"""What the trainer pages list: a course's editable files with their revisions, staleness and drafts
(a file's revision history is in history.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.authoring.models import Draft
from app.authoring.services import FileRef, published_revision
from app.courses.models import Course, Module
from app.extensions import db


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
