"""Statistics of a course whose source language is Chinese (germany-eu-entry), from a simulated cohort that
took it through the real quiz services in Chinese, German and English: item figures read from the Chinese
source quiz, languages compared with each other in the course's order, a mistranslation caught in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.analytics import queries
from app.analytics.stats import quiz_stats, specs_from_data
from app.auth.models import Role
from app.courses.models import Course, CourseTrainer, Module
from app.demo.attempts import mistranslated_lang, simulate_cohort
from app.extensions import db
from tests.fixtures.authoring import visible_text
from tests.fixtures.learning import import_folder

REPO = Path(__file__).resolve().parents[2]
SLUG = "germany-eu-entry"
MODULE = "eu-market-access"
STATS = f"/trainer/courses/{SLUG}/{MODULE}/stats"
TRAINER = "trainer@example.org"
TRAINER_ZH = "trainer-zh@example.org"


@pytest.fixture
def cohort(app, create_user):
    """The course imported, two trainers assigned (English and Chinese interface), 36 participants."""
    import_folder(app, REPO / "courses" / SLUG)
    ids = [
        create_user(role=Role.TRAINER, email=TRAINER, name="Tina Trainer", locale="en").id,
        create_user(role=Role.TRAINER, email=TRAINER_ZH, name="Li Wei", name_zh="李伟", locale="zh").id,
    ]
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == SLUG))
        db.session.add_all(CourseTrainer(course_id=course.id, user_id=user_id) for user_id in ids)
        made = simulate_cohort(seed=7, participants=36)
        db.session.commit()
    assert made.attempts > 36


def stats_of(app, module: str = MODULE):  # type: ignore[no-untyped-def]
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == SLUG))
        found = db.session.scalar(select(Module).where(Module.course_id == course.id, Module.slug == module))
        revisions = queries.revisions_with_counts(found.id)
        revision = queries.default_revision([r for r, _n in revisions])
        texts = queries.revision_texts(revision.id)
        return texts, quiz_stats(
            specs_from_data(texts[course.source_lang].data),
            queries.attempt_records(revision.id),
            langs=course.languages,
        )


def test_figures_come_from_the_chinese_source_and_languages_are_compared_in_course_order(app, cohort):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == SLUG))
        assert course.source_lang == "zh" and mistranslated_lang(course) == "en"  # never the source
    texts, stats = stats_of(app)
    assert set(texts) == {"zh", "de", "en"}
    assert [q.id for q in stats.questions] == [q["id"] for q in texts["zh"].data["questions"]]
    assert stats.langs == ("zh", "de", "en")
    assert stats.n_by_lang == {"zh": 11, "de": 11, "en": 11}
    facilities = [q.overall.facility for q in stats.questions]
    assert max(facilities) - min(facilities) > 0.2
    correlations = [q.overall.item_rest for q in stats.questions if q.overall.item_rest is not None]
    assert sum(correlations) / len(correlations) > 0.2
    trap = [flag.lang for q, flag in stats.flagged if q.id == "first-step"]
    assert trap == ["en"]  # the simulated mistranslation stands out against both other languages
    assert all(flag.lang != "zh" for _q, flag in stats.flagged)


def test_the_pages_in_english_and_chinese(client, auth, cohort):
    auth.login(TRAINER)
    page = client.get(STATS).get_data(as_text=True)
    text = visible_text(page)
    assert "n = 33" in text and "(Chinese: 11, German: 11, English: 11)" in text
    columns = re.findall(r'<th scope="col">(Chinese|German|English)</th>', page)
    assert columns[:3] == ["Chinese", "German", "English"]
    assert "Questions that behave differently in one language" in text
    assert "An IVD maker in Suzhou holds an NMPA class III registration" in text  # in the trainer's language
    rows = [
        line.split(",") for line in client.get(STATS + "?format=csv").data.decode("utf-8-sig").splitlines()
    ]
    assert {row[3] for row in rows[1:]} >= {"zh", "de", "en"}
    assert [row[-1] for row in rows if row[1] == "first-step" and row[3] == "en"] == ["yes"]
    every = client.get(f"/trainer/courses/{SLUG}/cohort").get_data(as_text=True)
    chinese = client.get(f"/trainer/courses/{SLUG}/cohort?lang=zh").get_data(as_text=True)
    assert every.count("@chinvalue.example") > chinese.count("@chinvalue.example") > 0
    auth.logout()
    auth.login(TRAINER_ZH)
    assert "苏州一家IVD企业的肿瘤标志物检测试剂" in client.get(STATS).get_data(as_text=True)
