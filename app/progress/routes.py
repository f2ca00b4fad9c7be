""" "My learning": the participant's courses, progress and latest results."""

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from app.courses import structure
from app.courses.models import Course, Module
from app.courses.queries import choose, published_texts
from app.extensions import db
from app.progress.queries import course_progress
from app.progress.start_next import courses_to_start
from app.quizzes.models import QuizAttempt, answers_left_out

bp = Blueprint("progress", __name__)

RECENT_ATTEMPTS = 10


@bp.get("/learning")
@login_required
def dashboard():
    rows = course_progress(current_user.id)
    found = structure.courses_by_id(set(rows))
    courses = [found[course_id] for course_id in sorted(found)]
    attempts = db.session.execute(
        select(QuizAttempt, Module)
        .join(Module, Module.id == QuizAttempt.module_id)
        .where(QuizAttempt.user_id == current_user.id, QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.submitted_at.desc())
        .limit(RECENT_ATTEMPTS)
        .options(*answers_left_out())
    ).all()
    modules_by_id = {m.id: m for c in courses for m in c.modules}
    course_by_id = {c.id: c for c in courses}
    lang = str(get_locale())
    module_titles = _module_titles([module for _, module in attempts], course_by_id, lang)
    in_progress = any(row.completed_at is None for row in rows.values())
    return render_template(
        "progress/dashboard.html",
        courses=courses,
        rows=rows,
        attempts=attempts,
        modules_by_id=modules_by_id,
        course_by_id=course_by_id,
        module_titles=module_titles,
        lang=lang,
        # Nothing left to continue: suggest what to start (None: the section is not shown).
        start_next=None if in_progress else courses_to_start(set(rows), lang),
    )


def _module_titles(modules: list[Module], course_by_id: dict[int, Course], lang: str) -> dict[int, str]:
    """Each module's title in ``lang`` (else its course's source language), never its slug."""
    langs = (lang, *{c.source_lang for c in course_by_id.values()})
    texts = published_texts(list({m.id: m for m in modules}.values()), langs)
    titles = {}
    for module in modules:
        course = course_by_id.get(module.course_id)
        shown = choose(texts.get(module.id, {}), lang, course.source_lang if course else lang)
        titles[module.id] = shown.text.title if shown else module.slug
    return titles
