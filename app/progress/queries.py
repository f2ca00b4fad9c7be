"""Progress rows of one participant, fetched in one query per kind."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress


def module_progress(user_id: int, course_id: int) -> dict[int, ModuleProgress]:
    rows = db.session.scalars(
        select(ModuleProgress).where(ModuleProgress.user_id == user_id, ModuleProgress.course_id == course_id)
    )
    return {row.module_id: row for row in rows}


def course_progress(user_id: int, course_ids: list[int] | None = None) -> dict[int, CourseProgress]:
    query = select(CourseProgress).where(CourseProgress.user_id == user_id)
    if course_ids is not None:
        query = query.where(CourseProgress.course_id.in_(course_ids))
    return {row.course_id: row for row in db.session.scalars(query)}
