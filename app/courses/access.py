"""Who may manage a course: admins always, trainers only for courses an admin assigned them to."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course, CourseTrainer
from app.extensions import db


def can_manage(user: User, course: Course) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    if not user.is_trainer:
        return False
    return (
        db.session.scalar(
            select(CourseTrainer.id).where(
                CourseTrainer.course_id == course.id, CourseTrainer.user_id == user.id
            )
        )
        is not None
    )


def managed_courses(user: User) -> list[Course]:
    """The courses ``user`` may manage, by id."""
    query = select(Course).order_by(Course.id)
    if not user.is_admin:
        query = query.join(CourseTrainer, CourseTrainer.course_id == Course.id).where(
            CourseTrainer.user_id == user.id
        )
    return list(db.session.scalars(query))


def require_manage(user: User, course: Course) -> None:
    """:raises werkzeug.exceptions.Forbidden: unless ``user`` may manage ``course``."""
    if not can_manage(user, course):
        abort(403)
