"""A module page's visit: "continue where you left off" moves as before, read together with the quiz
panel's attempts as plain values, with one UPDATE instead of ORM objects (progress.visit_status,
quizzes.visit_with_quiz); and its body, shared by readers in the same standing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.courses.models import Course
from app.extensions import db
from app.progress.models import IN_PROGRESS, CourseProgress, ModuleProgress
from app.progress.services import VISIT_RESOLUTION
from app.timeutil import utcnow
from tests.fixtures.learning import import_folder
from tests.fixtures.web import counted_statements

COURSE = "ip-china"


@pytest.fixture
def reader(app, create_user, auth):  # type: ignore[no-untyped-def]
    """A signed-in participant and the slugs of the course's first two modules."""
    import_folder(app, Path(__file__).resolve().parents[2] / "courses")
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        first, second = (m.slug for m in course.modules[:2])
    return user, first, second


def _course_row(app, user_id: int) -> tuple[int | None, object]:  # type: ignore[no-untyped-def]
    with app.app_context():
        row = db.session.execute(
            select(CourseProgress.last_module_id, CourseProgress.last_visited_at)
            .join(Course, Course.id == CourseProgress.course_id)
            .where(CourseProgress.user_id == user_id, Course.slug == COURSE)
        ).one()
        return row.last_module_id, row.last_visited_at


def _module_id(app, slug: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        return next(m.id for m in course.modules if m.slug == slug)


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]


def test_a_first_visit_makes_both_progress_rows(app, client, reader):
    user, first, _ = reader
    assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    assert _course_row(app, user.id)[0] == _module_id(app, first)
    with app.app_context():
        statuses = db.session.scalars(select(ModuleProgress.status).where(ModuleProgress.user_id == user.id))
        assert list(statuses) == [IN_PROGRESS]


def test_opening_another_module_moves_continue_with_one_update(app, client, reader):
    user, first, second = reader
    assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    assert client.get(f"/courses/{COURSE}/{second}").status_code == 200  # its module row made
    assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    with counted_statements(app) as seen:
        assert client.get(f"/courses/{COURSE}/{second}").status_code == 200
    assert _course_row(app, user.id)[0] == _module_id(app, second)
    # The session check; the visit's facts with the quiz panel's attempts (no overrides); the UPDATE.
    assert len(seen) <= 3, "\n".join(seen)
    assert [s.split(" SET ")[0] for s in _writes(seen)] == ["UPDATE course_progress"], seen


def test_a_repeated_visit_writes_nothing_until_the_resolution_has_passed(app, client, reader):
    user, first, _ = reader
    assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    with counted_statements(app) as seen:
        assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    assert _writes(seen) == [], seen
    earlier = utcnow() - VISIT_RESOLUTION - VISIT_RESOLUTION
    with app.app_context():
        db.session.execute(update(CourseProgress).values(last_visited_at=earlier))
        db.session.commit()
    assert client.get(f"/courses/{COURSE}/{first}").status_code == 200
    assert _course_row(app, user.id)[1] > earlier + VISIT_RESOLUTION


def _page_bodies(app) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [key for key in app.extensions.get("fragments", {}) if key[0] == "courses/_module_page.html"]


def test_the_page_body_is_shared_and_each_reader_sees_their_own_result(
    app, client, sample, create_user, auth, taker
):
    """Two participants who passed share one rendered body; the link to the result is each one's own."""
    links = {}
    for email in ("anna@example.org", "ben@example.org"):
        create_user(email=email, locale="en")
        assert auth.login(email).status_code == 302
        attempt_id, response = taker.take(right=True)
        assert response.status_code == 302
        page = client.get("/courses/sample/basics").get_data(as_text=True)
        assert "Quiz passed" in page and "\x00" not in page
        links[email] = re.findall(r'href="(/attempts/\d+)"', page)
        assert links[email] == [f"/attempts/{attempt_id}"], links
        assert auth.logout().status_code == 302
    assert links["anna@example.org"] != links["ben@example.org"]
    assert len([key for key in _page_bodies(app) if ("passed",) in key]) == 1, _page_bodies(app)
