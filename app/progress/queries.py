"""Progress rows of one participant, fetched in one query per kind (statements built once: building them
on every page costs more than running them)."""

from __future__ import annotations

from sqlalchemy import bindparam, literal, select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress

_COURSE_ROWS = select(CourseProgress).where(CourseProgress.user_id == bindparam("user_id"))
_SOME_COURSE_ROWS = _COURSE_ROWS.where(CourseProgress.course_id.in_(bindparam("course_ids", expanding=True)))


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


def course_progress(user_id: int, course_ids: list[int] | None = None) -> dict[int, CourseProgress]:
    if course_ids is None:
        rows = db.session.scalars(_COURSE_ROWS, {"user_id": user_id})
    else:
        rows = db.session.scalars(_SOME_COURSE_ROWS, {"user_id": user_id, "course_ids": list(course_ids)})
    return {row.course_id: row for row in rows}
