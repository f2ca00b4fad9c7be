""" "My learning": the participant's courses, progress and latest results."""

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from app.courses import structure
from app.courses.models import Module
from app.extensions import db
from app.progress.queries import course_progress
from app.quizzes.models import QuizAttempt

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
    ).all()
    modules_by_id = {m.id: m for c in courses for m in c.modules}
    course_by_id = {c.id: c for c in courses}
    return render_template(
        "progress/dashboard.html",
        courses=courses,
        rows=rows,
        attempts=attempts,
        modules_by_id=modules_by_id,
        course_by_id=course_by_id,
        lang=str(get_locale()),
    )
