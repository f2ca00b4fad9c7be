"""Who edits a course: the trainers (and administrators) assigned to it."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select

from app.auth.models import Role, User
from app.courses.models import (
    Course,
    CourseTrainer,
)
from app.extensions import db

log = logging.getLogger(__name__)


class AssignmentError(Exception):
    """Only trainers and administrators can be assigned to a course."""


_EDITOR_ROLES = (Role.TRAINER.value, Role.ADMIN.value)


def assigned_trainers(course: Course) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CourseTrainer, CourseTrainer.user_id == User.id)
            .where(CourseTrainer.course_id == course.id)
            .order_by(User.name, User.id)
        )
    )


def assignable_users(course: Course) -> list[User]:
    """Trainers and administrators not yet assigned to ``course``."""
    assigned = select(CourseTrainer.user_id).where(CourseTrainer.course_id == course.id)
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(_EDITOR_ROLES), User.id.not_in(assigned))
            .order_by(User.name, User.id)
        )
    )


def assign_trainer(course: Course, user: User) -> bool:
    """Let ``user`` edit ``course``; False when already assigned (flushes).

    :raises AssignmentError: ``user`` is neither a trainer nor an administrator.
    """
    if user.role not in _EDITOR_ROLES:
        raise AssignmentError(user.role)
    exists = db.session.scalar(
        select(CourseTrainer.id).where(CourseTrainer.course_id == course.id, CourseTrainer.user_id == user.id)
    )
    if exists is not None:
        return False
    db.session.add(CourseTrainer(course_id=course.id, user_id=user.id))
    db.session.flush()
    log.info("user %s assigned to course %s", user.id, course.slug)
    return True


def unassign_trainer(course: Course, user_id: int) -> bool:
    """Remove ``user_id`` from the course's trainers; False when not assigned (flushes)."""
    result = db.session.execute(
        delete(CourseTrainer).where(CourseTrainer.course_id == course.id, CourseTrainer.user_id == user_id)
    )
    db.session.flush()
    if result.rowcount:
        log.info("user %s unassigned from course %s", user_id, course.slug)
    return bool(result.rowcount)
