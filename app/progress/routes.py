""" "My learning": the participant's courses, progress and latest results."""

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import Row, bindparam, select

from app.courses import structure
from app.courses.models import Module
from app.courses.queries import choose, published_texts
from app.courses.structure import CourseView
from app.extensions import db
from app.progress.queries import course_progress
from app.progress.start_next import courses_to_start
from app.quizzes.models import QuizAttempt
from app.web.fragments import fragment

bp = Blueprint("progress", __name__)

RECENT_ATTEMPTS = 10

#: The latest results as plain rows (date, score, result and where): loading them as entities cost more
#: than the rest of the table. Built once: building a statement per page costs more than running it.
_RECENT = (
    select(
        QuizAttempt.id,
        QuizAttempt.submitted_at,
        QuizAttempt.percent,
        QuizAttempt.passed,
        QuizAttempt.module_id,
        Module.course_id,
    )
    .join(Module, Module.id == QuizAttempt.module_id)
    .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.submitted_at.is_not(None))
    .order_by(QuizAttempt.submitted_at.desc())
    .limit(RECENT_ATTEMPTS)
)


@bp.get("/learning")
@login_required
def dashboard():
    rows = course_progress(current_user.id)
    attempts = db.session.execute(_RECENT, {"user_id": current_user.id}).all()
    found = structure.courses_by_id(set(rows) | {attempt.course_id for attempt in attempts})
    courses = [found[course_id] for course_id in sorted(found) if course_id in rows]
    modules_by_id = {m.id: m for c in courses for m in c.modules}
    course_by_id = {c.id: c for c in courses}
    lang = str(get_locale())
    module_titles = _module_titles(attempts, found, lang)
    in_progress = any(row.completed_at is None for row in rows.values())
    # The courses' pictures and titles, and the suggestions, rendered once per published content (stamp)
    # and language: they show nothing of the person but which courses (in the key).
    stamp = structure.current_stamp()
    course_heads = {
        course.id: fragment(
            "progress/_course_head.html", (stamp, course.id) if stamp else None, course=course, lang=lang
        )
        for course in courses
    }
    start_next = None  # nothing left to continue: suggest what to start (None: the section is not shown)
    if not in_progress:
        suggested = courses_to_start(set(rows), lang)
        start_next = fragment(
            "progress/_start_next.html",
            (stamp, *(course.id for course in suggested)) if stamp else None,
            start_next=suggested,
            lang=lang,
        )
    return render_template(
        "progress/dashboard.html",
        courses=courses,
        rows=rows,
        attempts=attempts,
        modules_by_id=modules_by_id,
        course_by_id=course_by_id,
        module_titles=module_titles,
        lang=lang,
        course_heads=course_heads,
        start_next=start_next,
    )


def _module_titles(attempts: list[Row], courses: dict[int, CourseView], lang: str) -> dict[int, str]:
    """Each attempted module's title in ``lang`` (else its course's source language), never its slug
    (unless it has no text at all)."""
    modules = {
        module.id: module
        for attempt in attempts
        if attempt.course_id in courses
        for module in courses[attempt.course_id].modules
        if module.id == attempt.module_id
    }
    langs = (lang, *{courses[m.course_id].source_lang for m in modules.values()})
    texts = published_texts(list(modules.values()), langs)
    titles = {}
    for module in modules.values():
        shown = choose(texts.get(module.id, {}), lang, courses[module.course_id].source_lang)
        titles[module.id] = shown.text.title if shown else module.slug
    return titles
