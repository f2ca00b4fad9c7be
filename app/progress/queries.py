"""Progress rows of one participant, fetched in one query per kind (statements built once: building them
on every page costs more than running them)."""

from __future__ import annotations

from sqlalchemy import Row, bindparam, literal, select

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


_ONE_ROW = select(literal(1).label("one")).subquery("one_row")
#: A course's row and its modules' rows in one statement, each side there or not (a LEFT JOIN of both
#: to one row: portable, where a FULL JOIN is not); one row per module row.
_COURSE_AND_MODULE_ROWS = (
    select(CourseProgress, ModuleProgress)
    .select_from(_ONE_ROW)
    .outerjoin(
        CourseProgress,
        (CourseProgress.user_id == bindparam("user_id"))
        & (CourseProgress.course_id == bindparam("course_id")),
    )
    .outerjoin(
        ModuleProgress,
        (ModuleProgress.user_id == bindparam("user_id"))
        & (ModuleProgress.course_id == bindparam("course_id")),
    )
)


def course_and_module_progress(
    user_id: int, course_id: int
) -> tuple[CourseProgress | None, dict[int, ModuleProgress]]:
    """The course's progress row (or None) and its module rows by module: one round trip, not two."""
    course_row, module_rows = None, {}
    for course, module in db.session.execute(
        _COURSE_AND_MODULE_ROWS, {"user_id": user_id, "course_id": course_id}
    ):
        course_row = course
        if module is not None:
            module_rows[module.module_id] = module
    return course_row, module_rows


def course_progress(user_id: int) -> dict[int, Row]:
    """The person's progress in each course they started, by course (read-only rows)."""
    return {row.course_id: row for row in db.session.execute(_COURSE_ROWS, {"user_id": user_id})}
