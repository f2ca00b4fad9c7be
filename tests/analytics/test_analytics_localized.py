"""A localised question (localized=true in a translation) is not compared across languages on the
statistics page: its attempts in that language are left out and the cell says why."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from app.courses.models import Course, CourseTrainer
from app.extensions import db
from tests.analytics.cohorts import STATS, TRAINER, add_participants
from tests.fixtures.learning import import_folder
from tests.learning.test_localized_grading import localize_zh


def test_a_localized_question_is_labelled_not_comparable(app, client, auth, users, sample_dir):
    localize_zh(sample_dir)
    import_folder(app, sample_dir)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=users["trainer"]))
        db.session.commit()
    add_participants(app, 6)  # de, en, zh, de, en, zh; every second one all right
    auth.login(TRAINER)

    rows = list(csv.reader(io.StringIO(client.get(STATS + "?format=csv").data.decode("utf-8-sig"))))
    by_group = {(r[1], r[3]): r for r in rows[1:]}
    assert by_group[("first-to-file", "zh")][4] == "0"
    assert by_group[("first-to-file", "zh")][9] == "localised – not comparable"
    assert by_group[("first-to-file", "all")][4] == "4"  # the two zh attempts are left out
    assert by_group[("brand-protection", "zh")][4] == "2" and by_group[("brand-protection", "all")][4] == "6"
    assert by_group[("brand-protection", "zh")][9] == ""

    page = client.get(STATS).get_data(as_text=True)
    assert "A different, localised question in Chinese" in page
    assert page.count("localised – not comparable") == 2  # overview table and the question's own table
