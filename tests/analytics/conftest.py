"""Fixtures for the trainer analytics: the sample course, users in each role, cohorts of any size."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.courses.models import Course, CourseTrainer
from app.extensions import db
from tests.analytics.cohorts import (
    ADMIN,
    OTHER_TRAINER,
    PARTICIPANT,
    TRAINER,
)
from tests.fixtures.learning import answers, sample, sample_dir, taker  # noqa: F401  (fixtures)


@pytest.fixture
def users(create_user) -> dict[str, int]:
    """One user per role (English UI); name -> id."""
    return {
        "trainer": create_user(role=Role.TRAINER, email=TRAINER, name="Tina Trainer", locale="en").id,
        "other": create_user(role=Role.TRAINER, email=OTHER_TRAINER, name="Otto Other", locale="en").id,
        "admin": create_user(role=Role.ADMIN, email=ADMIN, name="Ada Admin", locale="en").id,
        "participant": create_user(email=PARTICIPANT, name="Paula Participant", locale="en").id,
    }


@pytest.fixture
def assigned(app, sample, users) -> None:  # noqa: F811  (sample: the imported fixture)
    """The sample course imported, and assigned to TRAINER (not to OTHER_TRAINER)."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=users["trainer"]))
        db.session.commit()
