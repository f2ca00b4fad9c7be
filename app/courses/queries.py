"""Reading published course content for the pages: a fixed number of queries, whatever the course size."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.courses.models import PUBLISHED, Course, Module, ModuleRevision, ModuleText
from app.extensions import db


def get_course_or_404(slug: str) -> Course:
    course = db.session.scalar(
        select(Course).where(Course.slug == slug).options(selectinload(Course.modules))
    )
    if course is None:
        abort(404)
    return course


def module_or_404(course: Course, slug: str) -> Module:
    for module in course.modules:
        if module.slug == slug and module.active:
            return module
    abort(404)


def active_modules(course: Course) -> list[Module]:
    return [m for m in course.modules if m.active]


@dataclass(frozen=True)
class Shown:
    """A module text in the language asked for, or in the fallback language with a notice."""

    text: ModuleText
    fallback: bool


def published_texts(module_ids: list[int], langs: tuple[str, ...]) -> dict[int, dict[str, ModuleText]]:
    """The texts of each module's latest published revision in ``langs`` (one query)."""
    if not module_ids:
        return {}
    latest = (
        select(ModuleRevision.module_id, func.max(ModuleRevision.number).label("number"))
        .where(ModuleRevision.module_id.in_(module_ids), ModuleRevision.status == PUBLISHED)
        .group_by(ModuleRevision.module_id)
        .subquery()
    )
    rows = db.session.execute(
        select(ModuleRevision.module_id, ModuleText)
        .join(ModuleText, ModuleText.revision_id == ModuleRevision.id)
        .join(
            latest,
            (latest.c.module_id == ModuleRevision.module_id) & (latest.c.number == ModuleRevision.number),
        )
        .where(ModuleText.lang.in_(langs))
    )
    texts: dict[int, dict[str, ModuleText]] = {}
    for module_id, text in rows:
        texts.setdefault(module_id, {})[text.lang] = text
    return texts


def choose(texts: dict[str, ModuleText], lang: str, fallback: str) -> Shown | None:
    if lang in texts:
        return Shown(texts[lang], False)
    if fallback in texts:
        return Shown(texts[fallback], True)
    return None


def shown_texts(course: Course, lang: str) -> dict[int, Shown]:
    """Per active module: its text in ``lang``, else in the course's source language."""
    modules = active_modules(course)
    texts = published_texts([m.id for m in modules], (lang, course.source_lang))
    shown = {}
    for module in modules:
        choice = choose(texts.get(module.id, {}), lang, course.source_lang)
        if choice is not None:
            shown[module.id] = choice
    return shown
