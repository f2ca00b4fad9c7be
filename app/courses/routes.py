"""The catalogue, course pages and module pages; course images."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import format_date, get_translations
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import (
    CompoundSelect,
    DateTime,
    Float,
    Integer,
    Row,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

from app.auth.models import User
from app.content.course.currency import past_review
from app.courses import structure
from app.courses.handouts import cached_handout, handout_path
from app.courses.models import CourseAsset, CourseTrainer, ModuleRevision
from app.courses.queries import active_modules, get_course_or_404, module_or_404, shown_texts
from app.courses.structure import CourseView
from app.courses.tables import scrollable_tables
from app.extensions import db
from app.i18n import formats
from app.i18n.locale import LANGUAGE_NAMES
from app.i18n.moments import locale as page_locale
from app.i18n.moments import show_moment, zone
from app.progress import queries as progress_queries
from app.progress import services as progress
from app.quizzes import services as quizzes
from app.urls import external_url
from app.web.fragments import encoded_fragment, fragment, render_page
from app.web.status import badge_class, status_label

bp = Blueprint("courses", __name__)
bp.add_app_template_global(scrollable_tables, "scrollable_tables")

#: The image types the course checker accepts (no SVG: it can carry script).
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@bp.get("/courses")
def catalogue():
    courses = structure.all_courses()
    lang = page_locale()
    user = current_user._get_current_object()  # type: ignore[attr-defined]  (one lookup, not two)
    rows = progress_queries.course_progress(user.id) if user.is_authenticated else {}
    # The cards are rendered once per published content (stamp) and language; the end of each card (the
    # person's progress) once per course and state, with the date of completion filled in.
    stamp = structure.current_stamp()
    ends = {
        f"card_end_{course.id}": _card_end(course, rows.get(course.id), stamp, lang) for course in courses
    }
    return render_page(
        "courses/catalogue.html",
        (),
        encoded_fragment(
            "courses/_catalogue.html",
            (stamp,) if stamp is not None else None,
            ends,
            locale=lang,
            courses=courses,
            duration_of=lambda course: _duration(course, lang),
            lang=lang,
            language_names=LANGUAGE_NAMES,
        ),
        lang,
    )


def _duration(course: CourseView, lang: str) -> int:
    """Minutes to read the course's active modules in ``lang`` (else in its source language)."""
    return sum(shown.text.duration_minutes for shown in shown_texts(course, lang).values())


def _card_end(course: CourseView, row: Row | None, stamp: str | None, lang: str) -> Markup:
    """The end of ``course``'s catalogue card for a person with progress ``row``: shared by everyone in the
    same state (not started, completed, or at the same percentage)."""
    started, completed = row is not None, row is not None and row.completed_at is not None
    percent = row.percent if started and not completed else None
    live = {"completed_on": formats.day(row.completed_at, lang, zone())} if completed else None
    return fragment(
        "courses/_catalogue_progress.html",
        (stamp, course.id, started, completed, percent) if stamp is not None else None,
        live,
        locale=lang,
        course=course,
        started=started,
        completed=completed,
        percent=percent,
        lang=lang,
    )


@bp.get("/courses/<slug>")
def course_page(slug: str):
    course = structure.course_or_404(slug)
    lang = page_locale()
    modules = active_modules(course)
    texts = shown_texts(course, lang)
    user, path = current_user._get_current_object(), request.path  # type: ignore[attr-defined]
    signed_in = user.is_authenticated
    facts = course_facts(user.id if signed_in else None, course)
    row, next_module = facts.course_row, _continue_with(modules, facts.statuses, facts.course_row)
    started, completed = row is not None, row is not None and row.completed_at is not None
    percent = row.percent if started and not completed else 0
    # Rendered once per published content (stamp), language and person's state; date and statuses filled in.
    stamp = structure.current_stamp()
    state = (signed_in, facts.granted, started, completed, percent, next_module and next_module.id)
    live = {"completed_on": formats.day(row.completed_at, lang, zone(), "long")} if completed else {}
    if signed_in:
        translations = get_translations()
        for module in modules:
            live[f"badge_{module.id}"] = _badge(translations, facts.statuses.get(module.id))
    return render_page(
        "courses/course.html",
        (stamp, course.id) if stamp is not None else None,
        encoded_fragment(
            "courses/_course_page.html",
            (stamp, course.id, path, facts.trainers, *state) if stamp is not None else None,
            live,
            locale=lang,
            course=course,
            trainers=facts.trainers,
            modules=modules,
            texts=texts,
            granted=facts.granted,
            signed_in=signed_in,
            started=started,
            completed=completed,
            percent=percent,
            next_module=next_module,
            path=path,
            lang=lang,
            language_names=LANGUAGE_NAMES,
        ),
        lang,
        course=course,
        lang=lang,
    )


#: A module's status badge; put in whole (one placeholder per module, not two: each one filled in is a pass
#: over the page).
_BADGE = Markup('<span class="badge {}">{}</span>')


@functools.lru_cache(maxsize=64)
def _badge(translations: object, status: str | None) -> Markup:
    """A module status's badge (class and word escaped), once per catalog (a language of the app) and status:
    the word (a lazy text) finds the request's catalog again on every use. ``translations`` is the request's."""
    return _BADGE.format(badge_class(status), status_label(status))


class CourseRow(NamedTuple):
    """What the course page shows of the person's progress in the course."""

    last_module_id: int | None
    percent: float
    completed_at: datetime | None


@dataclass(frozen=True)
class CourseFacts:
    """A course page's facts from the database: the person's progress, the quizzes a trainer granted
    again, and the trainers' names."""

    course_row: CourseRow | None
    statuses: dict[int, str]  #: module id → the person's status, for the modules they opened
    granted: tuple[int, ...]  #: modules whose quiz a trainer let the person take again, in order
    trainers: tuple[str, ...]  #: assigned by an admin, else as the certificate names them


_COURSE_ROW, _STATUS, _GRANTED, _TRAINER = range(4)


@functools.cache
def _facts_statement() -> CompoundSelect:
    """The course page's four reads as one statement (one round trip; on the tables, so Core rows, not
    entities); each feature's own query, put in one shape: kind, id, text, number, time. Built on first use."""
    course_row = progress_queries.COURSE_ROW.subquery()
    statuses = progress_queries.MODULE_STATUSES.subquery()
    granted = quizzes.GRANTED_MODULES.subquery()
    users, course_trainers = User.__table__, CourseTrainer.__table__
    trainers = (
        select(users.c.name)
        .join(course_trainers, course_trainers.c.user_id == users.c.id)
        .where(course_trainers.c.course_id == bindparam("course_id"))
        .subquery()
    )
    no_id, no_text = cast(null(), Integer), cast(null(), String)
    no_number, no_time = cast(null(), Float), cast(null(), DateTime)
    kind = functools.partial(literal_column, type_=Integer)
    return union_all(
        select(
            kind(str(_COURSE_ROW)).label("kind"),
            course_row.c.last_module_id.label("id"),
            no_text.label("text"),
            course_row.c.percent.label("number"),
            course_row.c.completed_at.label("time"),
        ),
        select(kind(str(_STATUS)), statuses.c.module_id, statuses.c.status, no_number, no_time),
        select(kind(str(_GRANTED)), granted.c.module_id, no_text, no_number, no_time),
        select(kind(str(_TRAINER)), no_id, trainers.c.name, no_number, no_time),
    ).order_by("kind", "text", "id")


def course_facts(user_id: int | None, course: CourseView) -> CourseFacts:
    """``course``'s facts for the person ``user_id`` (None: a visitor, who has no progress)."""
    course_row, statuses, granted, trainers = None, {}, set(), []
    parameters = {"user_id": user_id, "course_id": course.id}
    # On the session's connection: a Core statement needs none of the ORM's execution steps.
    for kind, id_, text, number, time in db.session.connection().execute(_facts_statement(), parameters):
        if kind == _COURSE_ROW:
            course_row = CourseRow(id_, number, time)
        elif kind == _STATUS:
            statuses[id_] = text
        elif kind == _GRANTED:
            granted.add(id_)
        else:
            trainers.append(text)
    if not trainers:
        trainers = (course.settings.get("certificate") or {}).get("trainers") or []
    return CourseFacts(course_row, statuses, tuple(sorted(granted)), tuple(trainers))


def _continue_with(modules, statuses, course_row):  # type: ignore[no-untyped-def]
    """Where "continue" leads: the first module not yet passed, else the last one visited."""
    for module in modules:
        if statuses.get(module.id) != "passed":
            return module
    if course_row and course_row.last_module_id:
        return next(
            (m for m in modules if m.id == course_row.last_module_id), modules[0] if modules else None
        )
    return modules[0] if modules else None


@bp.get("/courses/<slug>/<module_slug>")
@login_required
def module_page(slug: str, module_slug: str):
    course = structure.course_or_404(slug)
    module = structure.module_or_404(course, module_slug)
    lang = page_locale()
    modules = active_modules(course)
    texts = shown_texts(course, lang, full_for=module)
    shown = texts.get(module.id) or abort(404)
    if module.has_quiz:
        status, quiz_state = quizzes.visit_with_quiz(current_user.id, module, course)
    else:
        status, quiz_state = progress.visit_status(current_user.id, module), None
    if course.settings.get("completion") == "reading":
        progress.refresh_course(current_user.id, get_course_or_404(slug))
    index = modules.index(module)
    due_for_review = past_review(shown.text.review_by, date.today())
    panel, live = _side_panel(status, quiz_state)
    # The page's body, rendered once per published content (stamp), module, language, review notice and
    # what the side panel shows (a handful of kinds per module); the person's own values in the panel are
    # filled in. The text is included, not a fragment of its own: kept once per kind of panel, it costs
    # memory, but a second fragment per page cost 3 % more instructions. The layout around it (the title
    # names the module and the course) once per published content and module.
    stamp = structure.current_stamp()
    return render_page(
        "courses/module.html",
        (stamp, course.id, module.id) if stamp is not None else None,
        encoded_fragment(
            "courses/_module_page.html",
            (stamp, course.id, module.id, due_for_review, panel) if stamp is not None else None,
            live,
            locale=lang,
            course=course,
            module=module,
            modules=modules,
            texts=texts,
            shown=shown,
            previous=modules[index - 1] if index > 0 else None,
            following=modules[index + 1] if index + 1 < len(modules) else None,
            panel=panel,
            due_for_review=due_for_review,
            lang=lang,
            language_names=LANGUAGE_NAMES,
        ),
        lang,
        course=course,
        shown=shown,
        lang=lang,
    )


def _side_panel(status: str, state: quizzes.AttemptState | None) -> tuple[tuple[object, ...], dict[str, str]]:
    """What the module page's side panel shows (part of its fragment key: a few kinds per module) and the
    person's own values in it: the link to their result, the time the quiz opens again, the CSRF token."""
    if state is None:
        if status == progress.PASSED:
            return ("read",), {}
        return ("unread",), {"csrf_token": generate_csrf()}
    last = state.last
    result = {"result": url_for("quizzes.result", attempt_id=last.id)} if last is not None else {}
    if last is not None and last.passed:
        return ("passed",), result
    if state.left == 0:
        return ("used",), result
    if state.wait_until:
        return ("wait", last is not None), {**result, "until": show_moment(state.wait_until, "short")}
    return ("take", state.left, bool(state.extra_open or (state.wait_lifted and not state.open))), {}


@bp.get("/courses/<slug>/<module_slug>/handout.pdf")
@login_required
def handout(slug: str, module_slug: str) -> Response:
    """The module as a PDF to print or keep, made once per published revision and cached on disk."""
    course = get_course_or_404(slug)
    module = module_or_404(course, module_slug)
    lang = page_locale()
    shown = shown_texts(course, lang, full_for=module).get(module.id) or abort(404)
    text = shown.text
    content_hash = db.session.get(ModuleRevision, text.revision_id).content_hash
    folder = Path(current_app.instance_path) / "handouts"
    path = handout_path(folder, text.revision_id, content_hash, text.lang, lang)

    def make() -> bytes:
        # ReportLab and the fonts load on the first handout, not with every `flask` command.
        from app.courses.handout import HandoutData, render_handout
        from app.fonts import load_fonts

        data = HandoutData(
            course_title=course.title_in(lang),
            module_title=text.title,
            html=text.html or "",
            lang=text.lang,
            as_of_label=_("Content current as of %(date)s", date=format_date(text.current_as_of, "long")),
            footer="ChInValue Academy · "
            + external_url("courses.module_page", slug=slug, module_slug=module_slug),
            page_label=_("Page %(page)s", page="%(page)d"),
        )
        return render_handout(data, load_fonts())

    response = Response(cached_handout(path, make), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="{course.slug}-{module.slug}-{text.lang}.pdf"'
    )
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.post("/courses/<slug>/<module_slug>/done")
@login_required
def mark_done(slug: str, module_slug: str):
    """Modules without a quiz are done when the participant says they have read them."""
    course = get_course_or_404(slug)
    module = module_or_404(course, module_slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if module.has_quiz and course.settings.get("completion") != "reading":
        flash(_("This module is completed by passing its quiz."), "error")
        return redirect(url_for("courses.module_page", slug=slug, module_slug=module_slug))
    completed = progress.mark_read(current_user.id, module)
    if completed:
        flash(_("Congratulations – you have completed the course!"), "success")
        if (course.settings.get("certificate") or {}).get("enabled", True):
            flash(
                _("Your certificate is being prepared. We will send you an e-mail when it is ready."), "info"
            )
    return redirect(url_for("courses.course_page", slug=slug))


@bp.get("/assets/<string:sha256>/<path:name>")
def asset(sha256: str, name: str) -> Response:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        abort(404)
    found = db.session.execute(
        select(CourseAsset.mime, CourseAsset.data).where(CourseAsset.sha256 == sha256).limit(1)
    ).first()
    if found is None or found.mime not in IMAGE_TYPES:
        abort(404)
    response = Response(found.data, mimetype=found.mime)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    # Opened on its own, an image must not be able to do anything but show itself.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    return response
