"""Progress rows of one participant, fetched in one query per kind (statements built once: building them
on every page costs more than running them)."""

from __future__ import annotations

from sqlalchemy import Row, bindparam, select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress

#: What the catalogue and "My learning" show of each course a person started, as plain rows: loading
#: them as entities cost more than rendering them.
_COURSE_ROWS = select(
    CourseProgress.course_id,
    CourseProgress.percent,
    CourseProgress.completed_at,
    CourseProgress.score_percent,
    CourseProgress.modules_passed,
    CourseProgress.last_module_id,
).where(CourseProgress.user_id == bindparam("user_id"))


#: A course page's progress (courses/routes.py reads them in one statement with its other facts): the
#: course's row, and the status of each module the person opened.
COURSE_ROW = select(CourseProgress.last_module_id, CourseProgress.percent, CourseProgress.completed_at).where(
    CourseProgress.user_id == bindparam("user_id"), CourseProgress.course_id == bindparam("course_id")
)
MODULE_STATUSES = select(ModuleProgress.module_id, ModuleProgress.status).where(
    ModuleProgress.user_id == bindparam("user_id"), ModuleProgress.course_id == bindparam("course_id")
)


def course_progress(user_id: int) -> dict[int, Row]:
    """The person's progress in each course they started, by course (read-only rows)."""
    return {row.course_id: row for row in db.session.execute(_COURSE_ROWS, {"user_id": user_id})}
