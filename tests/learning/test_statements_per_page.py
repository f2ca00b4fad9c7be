"""How many SQL statements the pages of a signed-in participant send, once the per-process caches are
warm (course structure, texts, page parts). On PostgreSQL each statement is a round trip through the
driver, and under load most of a page's CPU time went there (bench/README.md, "1,000 users"); a change
that adds a query to every page, or a lazy load in a loop, fails here.

The budgets count every statement the database receives: the session check (with the content stamp and
the navigation's manager check riding along), then each page's own reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

from app.auth.models import Role
from app.courses import structure
from app.courses.models import CourseTrainer
from app.courses.routes import CourseFacts, CourseRow, course_facts
from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import EXTRA_ATTEMPT, QuizOverride
from tests.fixtures.learning import import_folder
from tests.fixtures.web import counted_statements

#: path → the statements it may send (the session check included).
BUDGETS = {
    "/courses/sample/basics": 2,  # session; the visit's facts with the quiz attempts (and whether any override)
    "/courses/sample": 2,  # session; progress, quiz overrides and trainers in one
    "/learning": 2,  # session; courses started and latest quiz results in one
    "/courses": 2,  # session; course progress (the courses and their modules from the cache)
    "/": 2,  # session; the home page's courses
}


def _statements(app, client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    with counted_statements(app) as seen:
        assert client.get(path).status_code == 200
    return seen


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_signed_in_page_sends_few_statements(app, client, sample, create_user, auth, path):
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    for warm_up in ("/courses/sample/basics", path):
        assert client.get(warm_up).status_code == 200
    statements = _statements(app, client, path)
    assert len(statements) <= BUDGETS[path], "\n".join(statements)


def test_the_catalogue_reads_no_course_while_nothing_was_published(app, client, sample, create_user, auth):
    """The course list comes from the structure cache: no query per course for its modules."""
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    assert client.get("/courses").status_code == 200
    statements = _statements(app, client, "/courses")
    assert not [s for s in statements if "FROM courses" in s or "FROM modules" in s], statements


def test_the_course_page_reads_each_kind_of_fact_with_or_without_the_others(app, create_user):
    """Progress, quizzes granted again and trainers in one statement: each is found whether the others
    exist or not, and a visitor (no person) gets the trainers only."""
    import_folder(app, Path(__file__).resolve().parents[2] / "courses")
    user = create_user(email="paula@example.org")
    zoe, adam = create_user(Role.TRAINER, name="Zoe Zhang"), create_user(Role.TRAINER, name="Adam Adler")
    with app.test_request_context():
        course = structure.course_by_slug("ip-china")
        modules = [module.id for module in course.modules]
        certificate_names = tuple(course.settings["certificate"]["trainers"])
        assert len(modules) >= 2 and certificate_names
        assert course_facts(user.id, course) == CourseFacts(None, {}, (), certificate_names)
        for module_id in modules:
            db.session.add(ModuleProgress(user_id=user.id, module_id=module_id, course_id=course.id))
        db.session.flush()
        facts = course_facts(user.id, course)
        assert facts.course_row is None and facts.statuses == dict.fromkeys(modules, "in_progress")
        db.session.add(
            CourseProgress(user_id=user.id, course_id=course.id, percent=50.0, last_module_id=modules[1])
        )
        for sequence, module_id in enumerate((modules[1], modules[0], modules[1])):  # two for one module
            db.session.add(
                QuizOverride(
                    user_id=user.id, module_id=module_id, kind=EXTRA_ATTEMPT, sequence=sequence, reason="x"
                )
            )
        db.session.add_all(CourseTrainer(course_id=course.id, user_id=t.id) for t in (zoe, adam))
        db.session.flush()
        db.session.execute(delete(ModuleProgress))
        facts = course_facts(user.id, course)
        assert facts == CourseFacts(
            CourseRow(modules[1], 50.0, None), {}, tuple(sorted(modules[:2])), ("Adam Adler", "Zoe Zhang")
        )
        assert course_facts(None, course) == CourseFacts(None, {}, (), ("Adam Adler", "Zoe Zhang"))
        db.session.rollback()
