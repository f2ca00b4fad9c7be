"""Course structure for the pages, cached per process: a course's row and its modules change only when a
trainer or an import publishes, but every page of a course needs them.

Every change to a course or a module (any flush that touches one) writes a new random value into the
``content_stamp`` row in the same transaction. A page reads that value first (one primary-key query) and
uses the cached structure only if it was loaded under the same value; so a publish on one app server is
seen by every other server at its next request, and never half: the stamp is read before the structure,
so a structure read after a concurrent publish is at worst cached under the older stamp and reloaded.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from threading import Lock
from types import MappingProxyType
from typing import Any
from weakref import WeakSet

from flask import abort, current_app, g, has_app_context
from sqlalchemy import Select, event, insert, select, update
from sqlalchemy.orm import Session, joinedload

from app.courses.models import ContentStamp, Course, Module, picture_in
from app.extensions import db
from app.sessions.services import read_along

STAMP_ID = 1
#: What a course's structure is made of: a flush that touches one of these renews the stamp.
WATCHED = (Course, Module)


@dataclass(frozen=True)
class ModuleView:
    """A module as pages use it (no lazy loading, no session: safe to share between requests)."""

    id: int
    course_id: int
    slug: str
    position: int
    active: bool
    has_quiz: bool
    current_revision_id: int | None
    current_quiz_id: int | None


@dataclass(frozen=True)
class CourseView:
    """A course as pages use it, with its modules in order; the same methods as the model."""

    id: int
    slug: str
    source_lang: str
    languages: tuple[str, ...]
    title: MappingProxyType[str, str]
    description: MappingProxyType[str, str]
    current_as_of: Any
    settings: MappingProxyType[str, Any]
    modules: tuple[ModuleView, ...]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title[self.source_lang]

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get(self.source_lang, "")

    def text_lang(self, lang: str) -> str:
        """The language `title_in(lang)` is written in: `lang` if the course has it, else its source language."""
        return lang if self.title.get(lang) else self.source_lang

    def image_in(self, lang: str) -> dict[str, Any] | None:
        return picture_in(self.settings, self.source_lang, lang)

    def module(self, slug: str) -> ModuleView | None:
        return next((m for m in self.modules if m.slug == slug and m.active), None)


def _view(course: Course) -> CourseView:
    return CourseView(
        id=course.id,
        slug=course.slug,
        source_lang=course.source_lang,
        languages=tuple(course.languages),
        title=MappingProxyType(dict(course.title)),
        description=MappingProxyType(dict(course.description)),
        current_as_of=course.current_as_of,
        settings=MappingProxyType(dict(course.settings)),
        modules=tuple(
            ModuleView(
                m.id, m.course_id, m.slug, m.position, m.active, m.has_quiz,
                m.current_revision_id, m.current_quiz_id,
            )
            for m in course.modules
        ),
    )  # fmt: skip


class _Cache:
    """Every course's structure under the stamp it was loaded with; emptied when the stamp differs."""

    def __init__(self) -> None:
        self.lock = Lock()  # threaded servers: one reload at a time
        self.stamp: str | None = None
        self.by_slug: dict[str, CourseView] = {}
        self.by_id: dict[int, CourseView] = {}
        self.everything: tuple[CourseView, ...] | None = None  #: every course, for the catalogue

    def renew(self, stamp: str | None) -> None:
        with self.lock:
            self.stamp, self.by_slug, self.by_id, self.everything = stamp, {}, {}, None

    def clear(self) -> None:
        self.renew(None)


#: Every app's cache, for ``clear``; one app per process in production, two in the tests of two servers.
_ALL: WeakSet[_Cache] = WeakSet()


def _cache_of_app() -> _Cache:
    """This app's cache (kept on the app, so two apps in one process behave like two servers)."""
    extensions = current_app._get_current_object().extensions  # type: ignore[attr-defined]
    cache = extensions.get("course_structure")
    if cache is None:
        cache = extensions["course_structure"] = _Cache()
        _ALL.add(cache)
    return cache


_STAMP = select(ContentStamp.__table__.c.value).where(ContentStamp.__table__.c.id == STAMP_ID)


def install() -> None:
    """Signed-in pages read the stamp with the session check (one round trip less per page)."""
    read_along("content_stamp", _STAMP.scalar_subquery())


def current_stamp() -> str | None:
    """The stamp as the database has it now, read once per request."""
    values = g._get_current_object()  # type: ignore[attr-defined]
    if "content_stamp" not in values:
        values.content_stamp = db.session.execute(_STAMP).scalar()
    return values.content_stamp


def _valid_cache() -> _Cache:
    cache = _cache_of_app()
    stamp = current_stamp()
    if stamp is None or stamp != cache.stamp:
        cache.renew(stamp)
    return cache


def course_by_slug(slug: str) -> CourseView | None:
    """The course with ``slug`` as it is published now: from the cache, or one query on a miss."""
    cache = _valid_cache()
    found = cache.by_slug.get(slug)
    if found is None:
        course = (
            db.session.scalars(select(Course).where(Course.slug == slug).options(joinedload(Course.modules)))
            .unique()
            .first()
        )
        if course is None:
            return None
        found = _remember(cache, _view(course))
    return found


def courses_by_id(ids: list[int] | set[int]) -> dict[int, CourseView]:
    """The courses with these ids (those that exist): from the cache, one query for the missing ones."""
    cache = _valid_cache()
    found = {i: cache.by_id[i] for i in ids if i in cache.by_id}
    missing = [i for i in ids if i not in found]
    if missing:
        query = select(Course).where(Course.id.in_(missing)).options(joinedload(Course.modules))
        for course in db.session.scalars(query).unique():
            found[course.id] = _remember(cache, _view(course))
    return found


@functools.cache
def _every_course() -> Select:
    """Built on first use: ``joinedload`` at import would configure every mapper in every flask command."""
    return select(Course).order_by(Course.id).options(joinedload(Course.modules))


def all_courses() -> tuple[CourseView, ...]:
    """Every course, in the catalogue's order: from the cache, or one query (with their modules)."""
    cache = _valid_cache()
    found, stamp = cache.everything, cache.stamp
    if found is None:
        found = tuple(
            _remember(cache, _view(course)) for course in db.session.scalars(_every_course()).unique()
        )
        with cache.lock:
            if stamp is not None and cache.stamp == stamp:  # not renewed meanwhile by another thread
                cache.everything = found
    return found


def _remember(cache: _Cache, view: CourseView) -> CourseView:
    if cache.stamp is not None:  # without a stamp row, nothing is cached (each request reads the database)
        with cache.lock:
            cache.by_slug[view.slug] = view
            cache.by_id[view.id] = view
    return view


def course_or_404(slug: str) -> CourseView:
    return course_by_slug(slug) or abort(404)


def module_or_404(course: CourseView, slug: str) -> ModuleView:
    return course.module(slug) or abort(404)


def clear() -> None:
    """Forget every cached structure (tests that empty the database; production never needs it)."""
    for cache in list(_ALL):
        cache.clear()


def renew_stamp(session: Session) -> None:
    """Give the stamp a new value in ``session``'s transaction (created if the row is missing)."""
    table = ContentStamp.__table__
    value = secrets.token_hex(16)
    connection = session.connection()
    done = connection.execute(update(table).where(table.c.id == STAMP_ID).values(value=value))
    if not done.rowcount:
        connection.execute(insert(table).values(id=STAMP_ID, value=value))
    if has_app_context():
        g.pop("content_stamp", None)  # this request reads the new value from now on


@event.listens_for(Session, "before_flush")
def _renew_on_change(session: Session, _context: Any, _instances: Any) -> None:
    """Any new, changed or deleted course or module renews the stamp in the same transaction."""
    changed = (session.new, session.deleted, session.dirty)
    if any(isinstance(obj, WATCHED) for objects in changed for obj in objects):
        renew_stamp(session)
