"""Progress rows of one participant, fetched in one query per kind (statements built once: building them
on every page costs more than running them)."""

from __future__ import annotations

from sqlalchemy import Row, bindparam, select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress

#: Statements on the tables, not the mapped classes: they run as Core and return plain rows, which costs
#: half of an ORM select of the same columns (and a fraction of loading entities).
_COURSES, _MODULES = CourseProgress.__table__.c, ModuleProgress.__table__.c

#: What the catalogue and "My learning" (progress/routes.py) show of each course a person started.
COURSE_ROWS = select(
    _COURSES.course_id,
    _COURSES.percent,
    _COURSES.completed_at,
    _COURSES.score_percent,
    _COURSES.modules_passed,
    _COURSES.last_module_id,
).where(_COURSES.user_id == bindparam("user_id"))


#: A course page's progress (courses/routes.py reads them in one statement with its other facts): the
#: course's row, and the status of each module the person opened.
COURSE_ROW = select(_COURSES.last_module_id, _COURSES.percent, _COURSES.completed_at).where(
    _COURSES.user_id == bindparam("user_id"), _COURSES.course_id == bindparam("course_id")
)
MODULE_STATUSES = select(_MODULES.module_id, _MODULES.status).where(
    _MODULES.user_id == bindparam("user_id"), _MODULES.course_id == bindparam("course_id")
)


def course_progress(user_id: int) -> dict[int, Row]:
    """The person's progress in each course they started, by course (read-only rows)."""
    return {row.course_id: row for row in db.session.execute(COURSE_ROWS, {"user_id": user_id})}
