"""Cohorts for the trainer analytics: participants who took the sample quiz, and counted queries."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role, User
from app.courses.models import Course, Module
from app.extensions import db
from app.quizzes import services
from app.timeutil import utcnow
from tests.fixtures.learning import answers, sample, sample_dir, taker  # noqa: F401  (fixtures)

TRAINER = "trainer@example.org"


OTHER_TRAINER = "other-trainer@example.org"


ADMIN = "admin@example.org"


PARTICIPANT = "participant@example.org"


COHORT = "/trainer/courses/sample/cohort"


STATS = "/trainer/courses/sample/basics/stats"


def _form(quiz, layout, right: bool) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {k: v if isinstance(v, list) else [v] for k, v in answers(quiz, layout, right).items()}


def add_participants(
    app, how_many: int, *, prefix: str = "p", right_every: int = 2, locales=("de", "en", "zh")
):  # type: ignore[no-untyped-def]
    """``how_many`` participants (``<prefix><n>@example.org``, n from 1) who each took the sample quiz once
    through the services: every ``right_every``-th all right, the others all wrong. Returns their e-mails."""
    emails = []
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        module = db.session.scalar(
            select(Module).where(Module.course_id == course.id, Module.slug == "basics")
        )
        for i in range(how_many):
            n = i + 1
            user = User(
                email=f"{prefix}{n}@example.org",
                password_hash="x",
                name=f"{prefix.upper()} Person {n:03d}",
                locale=locales[i % len(locales)],
                role=Role.PARTICIPANT.value,
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            attempt = services.open_attempt(user.id, module, course, user.locale)
            text = next(t for t in attempt.quiz_revision.texts if t.lang == attempt.lang)
            services.submit_attempt(attempt, course, _form(text.data, attempt.layout, i % right_every == 0))
            emails.append(user.email)
        db.session.commit()
    return emails
