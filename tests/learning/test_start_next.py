"""'My learning' with nothing in progress: the person's own finished courses (with their pictures) and a
short "Start next" list of published courses in their language they have not started; nobody else's
progress shows or changes what is suggested."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress
from tests.fixtures.learning import import_folder

COURSES = Path(__file__).resolve().parents[2] / "courses"
IP = "Protecting intellectual property in China"
MARKET = "Market entry into China for life-science companies"


@pytest.fixture
def two_courses(app):
    """Two real courses with pictures: ip-china and market-entry-china."""
    import_folder(app, COURSES / "ip-china")
    import_folder(app, COURSES / "market-entry-china")


def progress(app, user, slug: str, finished: bool, percent: float = 100.0) -> None:
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == slug))
        db.session.add(
            CourseProgress(
                user_id=user.id,
                course_id=course_id,
                percent=percent,
                completed_at=datetime(2026, 11, 20, 10, 0) if finished else None,
            )
        )
        db.session.commit()


def learning(client) -> tuple[str, str | None]:
    """The page, and its "Start next" section (None when it is not shown)."""
    response = client.get("/learning")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    section = re.search(r'<section class="start-next".*?</section>', page, re.S)
    return page, section.group(0) if section else None


def cards(page: str) -> str:
    """The person's own course cards (before the suggestions)."""
    return page.split('<section class="start-next"')[0]


def test_finished_courses_lead_to_an_unstarted_one(app, client, auth, create_user, two_courses):
    anna = create_user(email="anna@example.org", locale="en")
    progress(app, anna, "market-entry-china", finished=True)
    auth.login("anna@example.org")
    page, start = learning(client)
    assert start is not None and "Start next" in start
    assert IP in start and 'href="/courses/ip-china"' in start
    assert re.search(r'<img class="card-image" src="[^"]+" alt="A document with a seal', start)
    assert MARKET not in start  # finished, not suggested again
    # The finished course's own card shows its picture.
    assert MARKET in cards(page) and 'alt="An arrow rising over steps' in cards(page)


def test_chinese_page_suggests_in_chinese(app, client, auth, create_user, two_courses):
    wang = create_user(email="wang@example.org", locale="zh")
    progress(app, wang, "ip-china", finished=True)
    auth.login("wang@example.org")
    _page, start = learning(client)
    assert start is not None and "生命科学企业进入中国市场" in start and MARKET not in start


def test_nothing_suggested_while_a_course_is_in_progress(app, client, auth, create_user, two_courses):
    anna = create_user(email="anna@example.org", locale="en")
    progress(app, anna, "market-entry-china", finished=True)
    progress(app, anna, "ip-china", finished=False, percent=40.0)
    auth.login("anna@example.org")
    page, start = learning(client)
    assert start is None
    assert 'aria-valuenow="40"' in page and IP in cards(page)


def test_everything_started_shows_an_empty_state(app, client, auth, create_user, two_courses):
    anna = create_user(email="anna@example.org", locale="en")
    progress(app, anna, "market-entry-china", finished=True)
    progress(app, anna, "ip-china", finished=True)
    auth.login("anna@example.org")
    _page, start = learning(client)
    assert start is not None and 'class="empty-state"' in start and "<img" not in start


def test_another_persons_progress_never_leaks(app, client, auth, create_user, two_courses):
    """Bob has ip-china in progress and Anna has finished market-entry-china: each sees only their own."""
    anna = create_user(email="anna@example.org", locale="en")
    bob = create_user(email="bob@example.org", name="Bob Braun", locale="en")
    progress(app, anna, "market-entry-china", finished=True)
    progress(app, bob, "ip-china", finished=False, percent=37.0)

    auth.login("anna@example.org")
    page, start = learning(client)
    assert start is not None and IP in start  # Bob's start does not count as Anna's
    assert IP not in cards(page) and 'role="progressbar"' not in page
    auth.logout()

    auth.login("bob@example.org")
    page, start = learning(client)
    assert start is None  # his own course is in progress
    assert 'aria-valuenow="37"' in page and IP in page
    assert MARKET not in page  # nor is Anna's finished course his
    assert "Completed on" not in page
