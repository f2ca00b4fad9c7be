"""Reading published course content for the pages: a fixed number of queries, whatever the course size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask import abort
from sqlalchemy import bindparam, case, null, select
from sqlalchemy.orm import joinedload

from app.courses import structure
from app.courses.models import Course, Module, ModuleRevision, ModuleText
from app.extensions import db


def get_course_or_404(slug: str) -> Course:
    course = (
        db.session.scalars(select(Course).where(Course.slug == slug).options(joinedload(Course.modules)))
        .unique()
        .first()
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
class TextView:
    """What pages show of a module text. Revisions never change, so these can be cached by revision."""

    revision_id: int
    lang: str
    title: str
    duration_minutes: int
    current_as_of: date
    stale: bool
    html: str | None  #: only for the module being read
    review_by: date | None = None  #: of the module's revision (from the source file), for the learner notice


@dataclass(frozen=True)
class Shown:
    """A module text in the language asked for, or in the fallback language with a notice."""

    text: TextView
    fallback: bool


_TEXTS = (
    select(
        ModuleText.revision_id,
        ModuleText.lang,
        ModuleText.title,
        ModuleText.duration_minutes,
        ModuleText.current_as_of,
        ModuleText.stale,
        case((ModuleText.revision_id == bindparam("full_revision"), ModuleText.html), else_=null()).label(
            "html"
        ),
        ModuleRevision.review_by,
    )
    .join(ModuleRevision, ModuleRevision.id == ModuleText.revision_id)
    .where(
        ModuleText.revision_id.in_(bindparam("revisions", expanding=True)),
        ModuleText.lang.in_(bindparam("langs", expanding=True)),
    )
)


@lru_cache(maxsize=512)
def _texts_of(revisions: tuple[int, ...], langs: tuple[str, ...], full_revision: int) -> tuple[TextView, ...]:
    """Module texts of immutable revisions: cached per process, safe because revisions never change."""
    rows = db.session.execute(
        _TEXTS, {"revisions": list(revisions), "langs": list(langs), "full_revision": full_revision}
    )
    return tuple(TextView(*row) for row in rows)


def clear_text_cache() -> None:
    """Forget cached texts and course structure (tests that empty the database reuse ids; production
    never does)."""
    _texts_of.cache_clear()
    structure.clear()


def published_texts(
    modules: list[Module], langs: tuple[str, ...], *, full_for: Module | None = None
) -> dict[int, dict[str, TextView]]:
    """The texts of each module's published revision in ``langs``: one query, or none when cached.

    :param full_for: the module whose rendered HTML is needed; the others get titles and durations only.
    """
    by_revision = {m.current_revision_id: m.id for m in modules if m.current_revision_id}
    if not by_revision:
        return {}
    full_revision = full_for.current_revision_id if full_for is not None else 0
    texts: dict[int, dict[str, TextView]] = {}
    for text in _texts_of(tuple(sorted(by_revision)), tuple(sorted(set(langs))), full_revision or 0):
        texts.setdefault(by_revision[text.revision_id], {})[text.lang] = text
    return texts


def choose(texts: dict[str, TextView], lang: str, fallback: str) -> Shown | None:
    if lang in texts:
        return Shown(texts[lang], False)
    if fallback in texts:
        return Shown(texts[fallback], True)
    return None


def shown_texts(course: Course, lang: str, *, full_for: Module | None = None) -> dict[int, Shown]:
    """Per active module: its text in ``lang``, else in the course's source language.

    Titles and durations only, and the rendered HTML of ``full_for``.
    """
    modules = active_modules(course)
    texts = published_texts(modules, (lang, course.source_lang), full_for=full_for)
    shown = {}
    for module in modules:
        choice = choose(texts.get(module.id, {}), lang, course.source_lang)
        if choice is not None:
            shown[module.id] = choice
    return shown
