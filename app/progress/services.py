"""Progress per module and course. Rows only move forward: a later, worse attempt never takes away a pass.

Plain functions with explicit arguments; they flush and the caller commits.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, literal_column, select, update
from sqlalchemy.exc import IntegrityError

from app.courses.models import Course, Module
from app.courses.structure import CourseView, ModuleView
from app.extensions import db
from app.progress.models import IN_PROGRESS, PASSED, CourseProgress, ModuleProgress
from app.progress.signals import course_completed
from app.timeutil import utcnow


def _get_or_create(model, **keys):  # type: ignore[no-untyped-def]
    """The row with ``keys``, created if missing; safe when two requests create it at once."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(**keys)
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(model).filter_by(**keys))
    return row


#: A repeated visit to the same module within this time writes nothing (page views stay read-only).
VISIT_RESOLUTION = timedelta(minutes=10)


#: Both progress rows of a visit in one query; built once (building it per request costs more than running it).
_VISIT_ROWS = (
    select(CourseProgress, ModuleProgress)
    .outerjoin(
        ModuleProgress,
        (ModuleProgress.user_id == CourseProgress.user_id)
        & (ModuleProgress.module_id == bindparam("module_id")),
    )
    .where(CourseProgress.user_id == bindparam("user_id"), CourseProgress.course_id == bindparam("course_id"))
)


def record_visit(user_id: int, module: Module | ModuleView) -> ModuleProgress:
    """A participant opened ``module``: it is in progress, and the course continues here next time.

    A repeated visit costs one query (both rows at once) and writes nothing.
    """
    found = db.session.execute(
        _VISIT_ROWS, {"module_id": module.id, "user_id": user_id, "course_id": module.course_id}
    ).first()
    course_progress, progress = found if found is not None else (None, None)
    if progress is None:
        progress = _get_or_create(
            ModuleProgress, user_id=user_id, module_id=module.id, course_id=module.course_id
        )
    if course_progress is None:
        course_progress = _get_or_create(CourseProgress, user_id=user_id, course_id=module.course_id)
    now = utcnow()
    if (
        course_progress.last_module_id != module.id
        or now - course_progress.last_visited_at > VISIT_RESOLUTION
    ):
        course_progress.last_module_id = module.id
        course_progress.last_visited_at = now
    db.session.flush()
    return progress


#: A table of one row, to outer-join what may be missing to.
ONE_ROW = select(literal_column("1").label("one")).subquery("one_row")
# The tables, not the mapped classes: a statement of plain columns skips the ORM's compile and load steps.
_COURSE_ROWS, _MODULE_ROWS = CourseProgress.__table__.c, ModuleProgress.__table__.c


def with_visit_facts(columns: tuple[Any, ...], left: Any) -> Select[Any]:
    """``columns`` from ``left`` and what a visit decides on, as plain values: ``course_row`` (None without
    a course progress row), ``last_module_id``, ``last_visited_at`` and the module's ``status`` (None
    without a row) for the parameters user_id, course_id and module_id. Outer joins to at most one row
    each: ``left``'s rows come back as many as before."""
    return select(
        *columns,
        _COURSE_ROWS.id.label("course_row"),
        _COURSE_ROWS.last_module_id,
        _COURSE_ROWS.last_visited_at,
        _MODULE_ROWS.status,
    ).select_from(
        left.outerjoin(
            CourseProgress.__table__,
            (_COURSE_ROWS.user_id == bindparam("user_id"))
            & (_COURSE_ROWS.course_id == bindparam("course_id")),
        ).outerjoin(
            ModuleProgress.__table__,
            (_MODULE_ROWS.user_id == bindparam("user_id"))
            & (_MODULE_ROWS.module_id == bindparam("module_id")),
        )
    )


#: The visit's facts alone.
_VISIT_FACTS = with_visit_facts((), ONE_ROW)

#: "Continue" moves to the module just opened (an UPDATE's parameters may not be named like its columns).
_MOVE_VISIT = (
    update(CourseProgress.__table__)
    .where(_COURSE_ROWS.user_id == bindparam("user"), _COURSE_ROWS.course_id == bindparam("course"))
    .values(last_module_id=bindparam("module"), last_visited_at=bindparam("now"))
)


def visit_params(user_id: int, module: Module | ModuleView) -> dict[str, int]:
    return {"user_id": user_id, "course_id": module.course_id, "module_id": module.id}


def visit_status(user_id: int, module: Module | ModuleView, facts: Row[Any] | None = None) -> str:
    """``record_visit`` for a page that shows only the module's status, which it returns: ``facts`` (a row
    of ``with_visit_facts``, read here if not given) and an UPDATE only when "continue" moves; ORM objects
    only for a first visit."""
    if facts is None:
        facts = db.session.execute(_VISIT_FACTS, visit_params(user_id, module)).one()
    if facts.course_row is None or facts.status is None:
        return record_visit(user_id, module).status
    now = utcnow()
    if facts.last_module_id != module.id or now - facts.last_visited_at > VISIT_RESOLUTION:
        db.session.execute(
            _MOVE_VISIT, {"user": user_id, "course": module.course_id, "module": module.id, "now": now}
        )
    return facts.status


def mark_read(user_id: int, module: Module) -> bool:
    """Count a module without a quiz as done. Returns whether the course is now complete."""
    progress = record_visit(user_id, module)
    if progress.status != PASSED:
        progress.status = PASSED
        progress.passed_at = utcnow()
    db.session.flush()
    return refresh_course(user_id, module.course)


def record_attempt(
    user_id: int, module: Module | ModuleView, course: Course | CourseView, percent: float, passed: bool
) -> bool:
    """Fold a graded attempt into the module's progress. Returns whether the course is now complete."""
    progress = record_visit(user_id, module)
    progress.attempts += 1
    progress.last_percent = percent
    progress.best_percent = max(progress.best_percent or 0.0, percent)
    if passed and progress.status != PASSED:
        progress.status = PASSED
        progress.passed_at = utcnow()
    db.session.flush()
    return refresh_course(user_id, course)


def _module_done(course: Course, module: Module, progress: ModuleProgress | None) -> bool:
    if progress is None:
        return False
    if course.settings.get("completion") == "reading":
        return progress.status in (IN_PROGRESS, PASSED)
    return progress.status == PASSED


def counted_percent(course: Course, progress: ModuleProgress) -> float | None:
    """The score that counts for the course: the best or the last attempt, as the course says."""
    if course.settings.get("score_counts") == "last":
        return progress.last_percent
    return progress.best_percent


#: The course's progress row, locked and read afresh; built once.
_LOCKED_COURSE_ROW = (
    select(CourseProgress)
    .where(CourseProgress.user_id == bindparam("user_id"), CourseProgress.course_id == bindparam("course_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)


def refresh_course(user_id: int, course: Course | CourseView) -> bool:
    """Recount the course's progress; complete it (once) when its rule is met. Returns whether complete.

    The course row is locked first (PostgreSQL; SQLite writes one at a time anyway), so two quizzes
    passed at the same moment both count and the course is completed exactly once.
    """
    keys = {"user_id": user_id, "course_id": course.id}
    course_progress = db.session.scalar(_LOCKED_COURSE_ROW, keys)
    if course_progress is None:  # a visit makes the row; without one, made here (once, see _get_or_create)
        _get_or_create(CourseProgress, **keys)
        course_progress = db.session.scalar(_LOCKED_COURSE_ROW, keys)
    modules = [m for m in course.modules if m.active]
    rows = {
        p.module_id: p
        for p in db.session.scalars(
            select(ModuleProgress)
            .where(ModuleProgress.user_id == user_id, ModuleProgress.course_id == course.id)
            .execution_options(populate_existing=True)
        )
    }
    done = sum(1 for m in modules if _module_done(course, m, rows.get(m.id)))
    course_progress.modules_passed = done
    course_progress.percent = round(100 * done / len(modules), 1) if modules else 0.0
    db.session.flush()
    if modules and done == len(modules) and course_progress.completed_at is None:
        scores = [
            counted_percent(course, rows[m.id])
            for m in modules
            if m.has_quiz and rows.get(m.id) and counted_percent(course, rows[m.id]) is not None
        ]
        claimed = db.session.execute(
            update(CourseProgress)
            .where(CourseProgress.id == course_progress.id, CourseProgress.completed_at.is_(None))
            .values(
                completed_at=utcnow(), score_percent=round(sum(scores) / len(scores), 1) if scores else None
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.refresh(course_progress)
        if claimed == 1:
            course_completed.send(None, user_id=user_id, course_id=course.id)
    return course_progress.completed_at is not None
