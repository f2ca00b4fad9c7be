"""Progress rows of one participant, fetched in one query per kind (statements built once: building them
on every page costs more than running them)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress

_MODULE_ROWS = select(ModuleProgress).where(
    ModuleProgress.user_id == bindparam("user_id"), ModuleProgress.course_id == bindparam("course_id")
)
_COURSE_ROWS = select(CourseProgress).where(CourseProgress.user_id == bindparam("user_id"))
_SOME_COURSE_ROWS = _COURSE_ROWS.where(CourseProgress.course_id.in_(bindparam("course_ids", expanding=True)))


def module_progress(user_id: int, course_id: int) -> dict[int, ModuleProgress]:
    rows = db.session.scalars(_MODULE_ROWS, {"user_id": user_id, "course_id": course_id})
    return {row.module_id: row for row in rows}


def course_progress(user_id: int, course_ids: list[int] | None = None) -> dict[int, CourseProgress]:
    if course_ids is None:
        rows = db.session.scalars(_COURSE_ROWS, {"user_id": user_id})
    else:
        rows = db.session.scalars(_SOME_COURSE_ROWS, {"user_id": user_id, "course_ids": list(course_ids)})
    return {row.course_id: row for row in rows}
