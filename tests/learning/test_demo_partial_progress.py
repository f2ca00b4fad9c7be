"""The Chinese demo participant is halfway through the course written for Chinese companies: two modules
passed through the real quiz services, the third opened; idempotent; visible in the Chinese interface."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.auth import services as accounts
from app.auth.models import Role, User
from app.demo.partial import DEMO_PARTICIPANT_ZH, start_demo_course
from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import import_folder

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "demo-participant-2026"


def _register(app) -> None:
    with app.app_context():
        accounts.register(
            DEMO_PARTICIPANT_ZH, PASSWORD, "Wang Fang", "王芳", "zh", Role.PARTICIPANT, confirmed=True
        )
        db.session.commit()


def test_two_modules_passed_and_the_third_opened(app, client, auth):
    import_folder(app, REPO / "courses")
    _register(app)
    with app.app_context():
        first = start_demo_course()
        db.session.commit()
        again = start_demo_course()
        db.session.commit()
        assert first == again
        assert (first.passed, first.modules, first.opened) == (2, 6, "ip-germany-eu")
        user = db.session.scalar(select(User).where(User.email == DEMO_PARTICIPANT_ZH))
        attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user.id)).all()
        assert len(attempts) == 2 and all(a.passed and a.lang == "zh" for a in attempts)
        course_row = db.session.scalar(select(CourseProgress).where(CourseProgress.user_id == user.id))
        assert course_row.completed_at is None and round(course_row.percent) == 33
        modules = db.session.scalar(
            select(func.count(ModuleProgress.id)).where(ModuleProgress.user_id == user.id)
        )
        assert modules == 3
    auth.login(DEMO_PARTICIPANT_ZH, PASSWORD)
    catalogue = client.get("/courses").get_data(as_text=True)
    card = catalogue[catalogue.index('href="/courses/germany-eu-entry"') :]
    card = card[: card.index("</article>")]
    assert 'aria-valuenow="33"' in card  # the progress bar, in the Chinese interface
    course = client.get("/courses/germany-eu-entry").get_data(as_text=True)
    assert 'href="/courses/germany-eu-entry/ip-germany-eu"' in course.split('class="button"')[1][:200]


def test_nothing_without_the_course_or_the_participant(app):
    with app.app_context():
        assert start_demo_course() is None
