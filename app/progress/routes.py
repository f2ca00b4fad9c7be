""" "My learning": the participant's courses, progress and latest results."""

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.courses.models import Course, Module
from app.extensions import db
from app.progress.queries import course_progress
from app.quizzes.models import QuizAttempt

bp = Blueprint("progress", __name__)

RECENT_ATTEMPTS = 10


@bp.get("/learning")
@login_required
def dashboard():
    rows = course_progress(current_user.id)
    courses = list(
        db.session.scalars(
            select(Course)
            .where(Course.id.in_(rows))
            .options(selectinload(Course.modules))
            .order_by(Course.id)
        )
    )
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
