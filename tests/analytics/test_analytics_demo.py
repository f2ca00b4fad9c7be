"""The demo cohort: real attempts through the services, so the statistics page shows real figures."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.analytics import queries
from app.analytics.stats import quiz_stats, specs_from_data
from app.auth.models import User
from app.courses.models import Course
from app.demo.attempts import DOMAIN, PASSWORD, demo_people, simulate_cohort
from app.extensions import db
from app.progress.models import CourseProgress
from app.quizzes.models import QuizAttempt
from tests.analytics.cohorts import COHORT, STATS, TRAINER


@pytest.fixture
def demo(app, assigned):
    with app.app_context():
        result = simulate_cohort(seed=7, participants=36)
        db.session.commit()
    return result


def test_demo_participants(app, demo):
    result = demo
    assert result.participants == 36 and not result.skipped
    with app.app_context():
        people = list(db.session.scalars(select(User).where(User.email.like(f"%@{DOMAIN}"))))
        assert len(people) == 36
        assert all(p.email_confirmed_at is not None and p.role == "participant" for p in people)
        assert Counter(p.locale for p in people) == {"de": 12, "en": 12, "zh": 12}
        assert len({p.email for p in people}) == 36
        assert any(p.name_zh for p in people if p.locale == "zh")
        attempts = db.session.scalar(
            select(func.count(QuizAttempt.id)).where(QuizAttempt.submitted_at.is_not(None))
        )
        assert attempts == result.attempts >= 33
        completed = db.session.scalar(
            select(func.count(CourseProgress.id)).where(CourseProgress.completed_at.is_not(None))
        )
        assert completed == result.completions > 0


def test_demo_participants_can_sign_in(client, auth, demo):
    email = demo_people(1)[0].email
    auth.login(email, PASSWORD)
    assert client.get("/learning").status_code == 200


def test_demo_is_idempotent(app, demo):
    with app.app_context():
        again = simulate_cohort(seed=7, participants=36)
        assert again.skipped and again.attempts == 0
        assert db.session.scalar(select(func.count(User.id)).where(User.email.like(f"%@{DOMAIN}"))) == 36


def test_demo_figures_are_plausible(app, demo):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        revisions = queries.revisions_with_counts(course.modules[0].id)
        revision = queries.default_revision([r for r, _n in revisions])
        texts = queries.revision_texts(revision.id)
        stats = quiz_stats(
            specs_from_data(texts["de"].data), queries.attempt_records(revision.id), langs=course.languages
        )
    assert stats.n_by_lang == {"de": 11, "en": 11, "zh": 11}
    facilities = [q.overall.facility for q in stats.questions]
    assert max(facilities) - min(facilities) > 0.2  # questions differ in difficulty
    correlations = [q.overall.item_rest for q in stats.questions if q.overall.item_rest is not None]
    assert sum(correlations) / len(correlations) > 0.2  # stronger participants do better
    assert [(q.id, f.lang) for q, f in stats.flagged] == [("first-to-file", "zh")]


def test_stats_page_shows_demo_figures_and_the_flagged_language(client, auth, demo):
    auth.login(TRAINER)
    client.post("/language", data={"lang": "en"})  # the assertions below read the English page
    page = client.get(STATS).get_data(as_text=True)
    assert "Questions that behave differently in one language" in page
    assert 'class="flag-label"' in page
    assert "Chinese" in page and "n = 11" in page and "n = 33" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert "! zh" in page  # the marker in the chart, named
    rows = [
        line.split(",") for line in client.get(STATS + "?format=csv").data.decode("utf-8-sig").splitlines()
    ]
    flagged = [r for r in rows if r[1] == "first-to-file" and r[3] == "zh"]
    assert flagged[0][-1] == "yes"
    cohort = client.get(COHORT).get_data(as_text=True)
    assert f"@{DOMAIN}" in cohort and 'class="badge badge-done"' in cohort


def test_flask_demo_load_creates_the_cohort(app, runner, client, auth):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Demo cohort: 36 new participants" in result.output
    assert "Course germany-eu-entry: created" in result.output  # the fourth course, written in Chinese
    progress = (
        "Demo progress: teilnehmerin@chinvalue.example passed 2 of 6 modules of germany-eu-entry, "
        "reading ip-germany-eu"
    )
    assert progress in result.output
    again = runner.invoke(args=["demo", "load"])
    assert "Demo cohort: 0 new participants, 0 quiz attempts created" in again.output
    assert progress in again.output and "Course germany-eu-entry: unchanged" in again.output
    auth.login("admin@chinvalue.example", "demo-admin-2026")
    client.post("/language", data={"lang": "en"})
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "ip-china"))
        module = course.modules[0].slug
    page = client.get(f"/trainer/courses/ip-china/{module}/stats").get_data(as_text=True)
    assert "Facility per question" in page and "n = 33" in page
