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
from sqlalchemy import delete, select

from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress
from app.progress.queries import course_and_module_progress
from tests.fixtures.learning import import_folder
from tests.fixtures.web import counted_statements

#: path → the statements it may send (the session check included).
BUDGETS = {
    "/courses/sample/basics": 2,  # session; the visit's facts with the quiz attempts (and whether any override)
    "/courses/sample": 4,  # session; course and module progress; quiz overrides; trainers
    "/learning": 3,  # session; course progress; recent quiz results
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


def test_the_course_page_reads_module_rows_with_or_without_a_course_row(app, create_user):
    """Both kinds of progress row in one statement: each is found whether the other exists or not."""
    import_folder(app, Path(__file__).resolve().parents[2] / "courses")
    user = create_user(email="paula@example.org")
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "ip-china"))
        modules = {module.id for module in course.modules}
        assert len(modules) >= 2 and course_and_module_progress(user.id, course.id) == (None, {})
        for module_id in modules:
            db.session.add(ModuleProgress(user_id=user.id, module_id=module_id, course_id=course.id))
        db.session.flush()
        course_row, module_rows = course_and_module_progress(user.id, course.id)
        assert course_row is None and set(module_rows) == modules
        db.session.add(CourseProgress(user_id=user.id, course_id=course.id))
        db.session.flush()
        course_row, module_rows = course_and_module_progress(user.id, course.id)
        assert course_row.course_id == course.id and set(module_rows) == modules
        db.session.execute(delete(ModuleProgress))
        assert course_and_module_progress(user.id, course.id)[1] == {}
        db.session.rollback()
