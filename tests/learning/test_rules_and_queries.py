"""Retake rules, language fallback, and a fixed number of queries per page."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app.courses.models import Course
from app.courses.queries import clear_text_cache
from app.extensions import db
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import import_folder
from tests.fixtures.web import counted_statements


def set_rules(sample, **rules):
    yaml = sample / "course.yaml"
    text = yaml.read_text(encoding="utf-8")
    for key, value in rules.items():
        text = "\n".join(
            f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.splitlines()
        )
    yaml.write_text(text + "\n", encoding="utf-8")


def test_attempt_limit(app, client, auth, create_user, sample, taker):
    set_rules(sample, attempts=2)
    import_folder(app, sample)
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    taker.take(right=False)
    taker.take(right=False)
    response = client.get("/courses/sample/basics/quiz")
    assert response.status_code == 302 and "/attempts/" in response.headers["Location"]
    with app.app_context():
        assert len(db.session.scalars(select(QuizAttempt)).all()) == 2


def test_waiting_time_after_a_failed_attempt(app, client, auth, create_user, sample, taker):
    set_rules(sample, retake_wait_minutes=30)
    import_folder(app, sample)
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    taker.take(right=False)
    response = client.get("/courses/sample/basics/quiz", follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)
    with app.app_context():
        attempt = db.session.scalar(select(QuizAttempt))
        attempt.submitted_at = attempt.submitted_at.replace(year=attempt.submitted_at.year - 1)
        db.session.commit()
    assert client.get("/courses/sample/basics/quiz").status_code == 200


def test_score_counts_last(app, auth, create_user, sample, taker):
    from app.progress.models import CourseProgress

    set_rules(sample, score_counts="last")
    import_folder(app, sample)
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    taker.take(right=True)
    with app.app_context():
        row = db.session.scalar(select(CourseProgress))
        assert row.completed_at is not None and row.score_percent == 100


def test_fallback_language_notice(app, client, auth, create_user, sample_dir):
    (sample_dir / "basics" / "module.zh.md").unlink()
    import_folder(app, sample_dir)
    create_user(email="li@example.cn", locale="zh")
    auth.login("li@example.cn")
    page = client.get("/courses/sample/basics").get_data(as_text=True)
    assert '<article class="panel module-text" lang="de">' in page
    assert 'class="notice"' in page


@pytest.fixture
def all_courses(app, sample):
    """The sample course (one module) and the shipped courses (four modules each)."""
    import_folder(app, Path(__file__).resolve().parents[2] / "courses")


def test_module_page_queries_do_not_grow(app, client, auth, create_user, all_courses, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    counts = {}
    for course, module in (
        ("sample", "basics"),
        ("ip-china", "trademarks"),
        ("ip-china", "enforcement-and-customs"),
    ):
        client.get(f"/courses/{course}/{module}")  # first visit creates progress rows
        with counted_statements(app) as statements:
            assert client.get(f"/courses/{course}/{module}").status_code == 200
        counts[(course, module)] = statements
    sizes = {key: len(value) for key, value in counts.items()}
    assert len(set(sizes.values())) == 1, (sizes, counts)


def test_dashboard_queries_do_not_grow(app, client, auth, create_user, all_courses, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    taker.take(right=False)
    client.get("/learning")  # course structure is cached per process (app/courses/structure.py)
    clear_text_cache()  # module titles come from a per-process cache: measure both visits cold
    with counted_statements(app) as statements:
        client.get("/learning")
    few = len(statements)
    for _ in range(3):
        taker.take(right=False)
    for course in ("ip-china", "market-entry-china"):
        with app.app_context():
            slug = db.session.scalar(select(Course).where(Course.slug == course)).modules[0].slug
        client.get(f"/courses/{course}/{slug}")
    clear_text_cache()
    with counted_statements(app) as statements:
        assert client.get("/learning").status_code == 200
    assert len(statements) == few


def test_answers_are_revealed_only_when_they_cannot_help_a_retake(
    app, client, auth, create_user, sample, taker
):
    set_rules(sample, attempts=2)
    import_folder(app, sample)
    create_user(email="anna@example.org", locale="en")
    auth.login("anna@example.org")
    first, _ = taker.take(right=False)
    page = client.get(f"/attempts/{first}").get_data(as_text=True)
    assert 'class="tag tag-ok"' not in page and 'class="explanation' not in page
    assert 'class="notice"' in page
    second, _ = taker.take(right=False)  # no attempt left: now the key teaches, it cannot be exploited
    page = client.get(f"/attempts/{second}").get_data(as_text=True)
    assert 'class="tag tag-ok"' in page and 'class="explanation' in page
