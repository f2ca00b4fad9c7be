""" "My learning": the participant's courses, progress and latest results."""

import functools
from collections.abc import Collection
from datetime import datetime
from operator import attrgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Float,
    Integer,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

from app.courses import structure
from app.courses.models import Module
from app.courses.queries import choose, published_texts
from app.courses.structure import CourseView
from app.extensions import db
from app.i18n import formats
from app.i18n.moments import zone
from app.progress.queries import COURSE_ROWS
from app.progress.start_next import courses_to_start
from app.quizzes.models import QuizAttempt
from app.web.fragments import encoded_fragment, fragment, render_page

bp = Blueprint("progress", __name__)

RECENT_ATTEMPTS = 10

_attempts, _modules = QuizAttempt.__table__.c, Module.__table__.c
#: The latest results (date, score, result and where).
_RECENT = (
    select(
        _attempts.id,
        _attempts.submitted_at,
        _attempts.percent,
        _attempts.passed,
        _attempts.module_id,
        _modules.course_id,
    )
    .join(Module.__table__, _modules.id == _attempts.module_id)
    .where(_attempts.user_id == bindparam("user_id"), _attempts.submitted_at.is_not(None))
    .order_by(_attempts.submitted_at.desc())
    .limit(RECENT_ATTEMPTS)
)


class Started(NamedTuple):
    """The person's progress in a course they started."""

    course_id: int
    percent: float
    completed_at: datetime | None
    score_percent: float | None
    modules_passed: int
    last_module_id: int | None


class Attempt(NamedTuple):
    """One of the latest results."""

    id: int
    submitted_at: datetime
    percent: float | None
    passed: bool
    module_id: int
    course_id: int


_STARTED, _ATTEMPT = 0, 1


def _page_statement() -> CompoundSelect:
    """The page's two reads (courses started, latest results) as one statement, on the tables (Core rows,
    not entities): one round trip. Each read put in one shape: kind, course, module, a count or id, a
    percentage, a score, a time, passed. Unordered: the few latest results are put in order by the caller
    (sorting the whole union in the database cost more)."""
    started, recent = COURSE_ROWS.subquery(), _RECENT.subquery()
    kind = functools.partial(literal_column, type_=Integer)
    return union_all(
        select(
            kind(str(_STARTED)).label("kind"),
            started.c.course_id,
            started.c.last_module_id.label("module_id"),
            started.c.modules_passed.label("counter"),
            started.c.percent,
            started.c.score_percent.label("score"),
            started.c.completed_at.label("moment"),
            cast(null(), Boolean).label("passed"),
        ),
        select(
            kind(str(_ATTEMPT)),
            recent.c.course_id,
            recent.c.module_id,
            recent.c.id,
            recent.c.percent,
            cast(null(), Float),
            recent.c.submitted_at,
            recent.c.passed,
        ),
    )


#: Built once: building a statement per page costs more than running it.
_PAGE = _page_statement()


def _started_and_recent(user_id: int) -> tuple[dict[int, Started], list[Attempt]]:
    """The courses the person started (by course) and their latest results (newest first)."""
    started, attempts = {}, []
    rows = db.session.connection().execute(_PAGE, {"user_id": user_id})  # Core: no ORM execution steps
    for kind, course_id, module_id, counter, percent, score, moment, passed in rows:
        if kind == _STARTED:
            started[course_id] = Started(course_id, percent, moment, score, counter, module_id)
        else:
            attempts.append(Attempt(counter, moment, percent, passed, module_id, course_id))
    attempts.sort(key=attrgetter("submitted_at"), reverse=True)
    return started, attempts


@bp.get("/learning")
@login_required
def dashboard():
    rows, attempts = _started_and_recent(current_user.id)
    found = structure.courses_by_id(set(rows) | {attempt.course_id for attempt in attempts})
    courses = [found[course_id] for course_id in sorted(found) if course_id in rows]
    lang, viewer_zone = str(get_locale()), zone()
    in_progress = any(row.completed_at is None for row in rows.values())
    # The course cards and the suggestions, rendered once per published content (stamp) and language: the
    # cards per state in the course (the date of completion and the score filled in), the suggestions per
    # courses suggested.
    stamp = structure.current_stamp()
    cards = {course.id: _card(course, rows[course.id], stamp, lang, viewer_zone) for course in courses}
    start_next = None  # nothing left to continue: suggest what to start (None: the section is not shown)
    if not in_progress:
        suggested = courses_to_start(set(rows), lang)
        start_next = fragment(
            "progress/_start_next.html",
            (stamp, *(course.id for course in suggested)) if stamp else None,
            locale=lang,
            start_next=suggested,
            lang=lang,
        )
    results = _results(attempts, found, rows.keys(), stamp, lang, viewer_zone) if attempts else None
    # The body around them once per stamp, language, number of cards and which sections it shows; the
    # cards, suggestions and results go in as they are (made above, each a fragment of its own).
    live = {f"card{number}": cards[course.id] for number, course in enumerate(courses)}
    live.update(
        (name, part) for name, part in (("start_next", start_next), ("results", results)) if part is not None
    )
    body = encoded_fragment(
        "progress/_dashboard.html",
        (stamp, len(courses), start_next is not None, results is not None) if stamp else None,
        live,
        locale=lang,
        courses=courses,
    )
    return render_page("progress/dashboard.html", (), body, lang)


#: How many result lines an app keeps (see _results): the tables of about a thousand people, some 4 MB.
_LINES_KEPT = 10_000
#: A value of a result line escaped once per text: titles and scores come back in many lines.
_escaped = functools.lru_cache(maxsize=4096)(escape)
#: The values of a result line, each marked in the line's template (see _line_pattern).
_MARKS = {name: f"\x00{name}\x00" for name in ("when", "course", "module", "score", "link")}


def _results(
    attempts: list[Attempt],
    courses: dict[int, CourseView],
    started: Collection[int],
    stamp: str | None,
    lang: str,
    viewer_zone: ZoneInfo,
) -> Markup:
    """The table of latest results in the viewer's language and time zone; a course no longer started shows
    no title. Each line is made once per content stamp (none: every time), language, zone, mount path and
    what it shows, and kept per app: a person's table comes back unchanged on every visit until their next
    submission, and making a line (date, titles, score, link, each escaped) cost more than the rest of the
    table. A line not kept is filled into its pattern, without a template loop."""
    kept = current_app.extensions.setdefault("result_lines", {})
    root = request.root_path
    keys = [(stamp, lang, viewer_zone, root, attempt, attempt.course_id in started) for attempt in attempts]
    lines = [kept.get(key) for key in keys] if stamp is not None else [None] * len(keys)
    if None in lines:
        titles = _module_titles(attempts, courses, lang, stamp)
        url_for = current_app.jinja_env.globals["url_for"]
        patterns = current_app.extensions.setdefault("result_line_patterns", {})
        for number, (key, attempt) in enumerate(zip(keys, attempts, strict=True)):
            if lines[number] is not None:
                continue
            outcome = (lang, bool(attempt.passed))
            if outcome not in patterns:
                patterns[outcome] = _line_pattern(*outcome)
            score = formats.percent(attempt.percent, lang) if attempt.percent is not None else ""
            lines[number] = patterns[outcome] % {
                "when": _escaped(formats.moment(attempt.submitted_at, lang, viewer_zone, "short")),
                "course": _escaped(courses[attempt.course_id].title_in(lang) if key[-1] else ""),
                "module": _escaped(titles.get(attempt.module_id, "")),
                "score": _escaped(score),
                "link": _escaped(url_for("quizzes.result", attempt_id=attempt.id)),
            }
            if stamp is not None:
                if len(kept) >= _LINES_KEPT:
                    kept.clear()
                kept[key] = lines[number]
    return fragment("progress/_results.html", (), {"rows": Markup("".join(lines))}, locale=lang)  # noqa: S704


def _line_pattern(lang: str, passed: bool) -> str:
    """A result line (``passed`` or not) as the table indents it, with a ``%(name)s`` field for each value:
    its template rendered with marks where the values go (kept per app by language and outcome: see
    _results)."""
    marked = fragment("progress/_result_line.html", (passed,), locale=lang, passed=passed, **_MARKS)
    pattern = f"\n      {marked}\n    ".replace("%", "%%")
    for name, mark in _MARKS.items():
        pattern = pattern.replace(mark, f"%({name})s")
    return pattern


def _card(course: CourseView, row: Started, stamp: str | None, lang: str, viewer_zone: ZoneInfo) -> Markup:
    """``course``'s card for a person with progress ``row``: shared by everyone in the same state (percent,
    modules passed, the module to continue with; or completed, with a score or not)."""
    completed, has_score = row.completed_at is not None, row.score_percent is not None
    last = None if completed else next((m for m in course.modules if m.id == row.last_module_id), None)
    state = (completed, has_score, row.modules_passed, None if completed else row.percent, last and last.id)
    live = {}
    if completed:
        live["completed_on"] = formats.day(row.completed_at, lang, viewer_zone, "long")
        live["score"] = formats.percent(row.score_percent, lang) if has_score else ""
    return fragment(
        "progress/_course_card.html",
        (stamp, course.id, *state) if stamp else None,
        live,
        locale=lang,
        course=course,
        completed=completed,
        has_score=has_score,
        modules_passed=row.modules_passed,
        percent=row.percent,
        last=last,
        lang=lang,
    )


#: How many sets of module titles an app keeps (see _module_titles).
_TITLES_KEPT = 2_000


def _module_titles(
    attempts: list[Attempt], courses: dict[int, CourseView], lang: str, stamp: str | None
) -> dict[int, str]:
    """Each attempted module's title in ``lang`` (else its course's source language), never its slug
    (unless it has no text at all). Kept per app by content stamp (none: looked up every time), language and
    the modules attempted: the same few sets come back on every visit of everyone (titles are published
    content; module ids say nothing of a person)."""
    attempted = frozenset((a.course_id, a.module_id) for a in attempts if a.course_id in courses)
    if stamp is None:
        return _titles_of(attempted, courses, lang)
    kept = current_app.extensions.setdefault("module_titles", {})
    key = (stamp, lang, attempted)
    titles = kept.get(key)
    if titles is None:
        titles = _titles_of(attempted, courses, lang)
        if len(kept) >= _TITLES_KEPT:
            kept.clear()
        kept[key] = titles
    return titles


def _titles_of(
    attempted: frozenset[tuple[int, int]], courses: dict[int, CourseView], lang: str
) -> dict[int, str]:
    """The titles of the ``attempted`` modules (course id, module id), read from the published texts."""
    modules = {
        module.id: module
        for course_id, module_id in attempted
        for module in courses[course_id].modules
        if module.id == module_id
    }
    langs = (lang, *{courses[m.course_id].source_lang for m in modules.values()})
    texts = published_texts(list(modules.values()), langs)
    titles = {}
    for module in modules.values():
        shown = choose(texts.get(module.id, {}), lang, courses[module.course_id].source_lang)
        titles[module.id] = shown.text.title if shown else module.slug
    return titles
