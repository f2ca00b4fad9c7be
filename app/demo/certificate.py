"""Demo data: the demo participant completes a shipped course (through the real quiz services, so the
completion signal issues the certificate) and holds a certificate. Used by `flask demo load`."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import active_certificate, issue_for_completion
from app.courses.models import Course
from app.demo.attempts import all_right_form
from app.extensions import db
from app.progress import services as progress
from app.progress.models import PASSED, CourseProgress, ModuleProgress
from app.quizzes import services as quizzes

DEMO_PARTICIPANT = "participant@chinvalue.example"
#: Shows a "valid until" (24 months) and a score.
DEMO_COURSE = "market-entry-china"


def _completed(user_id: int, course_id: int) -> bool:
    return (
        db.session.scalar(
            select(CourseProgress.id).where(
                CourseProgress.user_id == user_id,
                CourseProgress.course_id == course_id,
                CourseProgress.completed_at.is_not(None),
            )
        )
        is not None
    )


def complete_demo_course(email: str = DEMO_PARTICIPANT, slug: str = DEMO_COURSE) -> Certificate | None:
    """Let ``email`` pass every quiz of course ``slug`` at the first try; returns their certificate.

    Idempotent: a completed course is left alone (its certificate is issued if it is missing).
    Flushes; the caller commits. None when the user or the course does not exist.
    """
    user = db.session.scalar(select(User).where(User.email == email))
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if user is None or course is None:
        return None
    if not _completed(user.id, course.id):
        rng = random.Random(2026)
        passed = set(
            db.session.scalars(
                select(ModuleProgress.module_id).where(
                    ModuleProgress.user_id == user.id, ModuleProgress.status == PASSED
                )
            )
        )
        for module in (m for m in course.modules if m.active and m.id not in passed):
            if not module.has_quiz:
                progress.mark_read(user.id, module)
                continue
            attempt = quizzes.open_attempt(user.id, module, course, user.locale, rng)
            quizzes.submit_attempt(attempt, course, all_right_form(rng, attempt, course))
    return active_certificate(user.id, course.id) or issue_for_completion(user.id, course.id)
