"""Taking a quiz: opening an attempt, grading a submission exactly once, and the retake rules.

Plain functions: explicit arguments, flush, domain errors; the route commits.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Row, Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from app.content.quiz.grading import DEFAULT_PASS_MARK, grade_quiz, shuffled_layout
from app.content.quiz.responses import parse_form
from app.content.quiz.tokens import AttemptTokens
from app.courses import structure
from app.courses.models import Course, Module, QuizRevision, QuizText
from app.courses.structure import CourseView, ModuleView
from app.extensions import db
from app.progress import services as progress
from app.quizzes.definitions import QuizDefinition, definition
from app.quizzes.models import EXTRA_ATTEMPT, LIFT_WAIT, QuizAttempt, QuizOverride
from app.timeutil import utcnow


class AttemptRefused(Exception):
    """No new attempt now: ``reason`` is "no-quiz", "no-attempts-left" or "wait" (until ``until``)."""

    def __init__(self, reason: str, until: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.until = until


@dataclass(frozen=True)
class AttemptState:
    """A participant's standing at a quiz; from ``visit_with_quiz`` the attempts and overrides are plain
    rows of the columns it reads, not ORM objects."""

    used: int  #: submitted attempts
    allowed: int  #: 0 = unlimited
    open: QuizAttempt | None
    last: QuizAttempt | None  #: the latest submitted attempt
    wait_until: datetime | None  #: set while a failed attempt's waiting time runs
    #: The highest attempt number so far (0 before the first), read together with ``open``.
    number: int = 0
    #: The course's own limit (0 = unlimited); ``allowed`` adds the extra attempts a trainer granted.
    base: int = 0
    #: The trainer's overrides for this participant and quiz, oldest first.
    overrides: tuple[QuizOverride, ...] = ()
    #: A trainer lifted the waiting time after the last attempt.
    wait_lifted: bool = False

    @property
    def extra_open(self) -> int:
        """Extra attempts granted and not yet used."""
        return sum(1 for o in self.overrides if o.kind == EXTRA_ATTEMPT and o.used_at is None)

    @property
    def left(self) -> int | None:
        return None if self.allowed == 0 else max(self.allowed - self.used, 0)


def pass_mark_of(course: Course | CourseView, revision: QuizRevision | QuizDefinition) -> float:
    if revision.pass_mark is not None:
        return revision.pass_mark
    return float(course.settings.get("pass_mark", DEFAULT_PASS_MARK))


# Built once, on first use: cheaper than building them per page, and a loader option built at import
# would configure every mapper, which `flask` commands need not pay for (bench/startup.py).
@functools.cache
def _attempts() -> Select[Any]:
    """The participant's attempts at a module's quiz, each row saying whether the participant has any
    override at this quiz (so the overrides are read only when there are some, or no attempt yet)."""
    return (
        select(QuizAttempt, _any_override())
        .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.module_id == bindparam("module_id"))
        .order_by(QuizAttempt.number)
    )


@functools.cache
def _visit_and_attempts() -> Select[Any]:
    """The module page's one read: the numbers and results of the participant's attempts as plain values
    (table columns: no ORM compile or load steps), joined to a one-row table so that a row comes back
    without any attempt too (all None), telling whether there are overrides, with the visit's facts
    (progress.with_visit_facts)."""
    attempt, override = QuizAttempt.__table__.c, QuizOverride.__table__.c
    overrides = select(override.id).where(
        override.user_id == bindparam("user_id"), override.module_id == bindparam("module_id")
    )
    columns = (
        attempt.id,
        attempt.number,
        attempt.submitted_at,
        attempt.passed,
        overrides.exists().label("any_override"),
    )
    attempts = progress.ONE_ROW.outerjoin(
        QuizAttempt.__table__,
        (attempt.user_id == bindparam("user_id")) & (attempt.module_id == bindparam("module_id")),
    )
    return progress.with_visit_facts(columns, attempts).order_by(attempt.number)


def _any_override() -> Any:
    return (
        select(QuizOverride.id)
        .where(QuizOverride.user_id == QuizAttempt.user_id, QuizOverride.module_id == QuizAttempt.module_id)
        .exists()
        .label("any_override")
    )


_OVERRIDES = (
    select(QuizOverride)
    .where(QuizOverride.user_id == bindparam("user_id"), QuizOverride.module_id == bindparam("module_id"))
    .order_by(QuizOverride.granted_at, QuizOverride.id)
)
#: The same overrides as plain values (table columns), for the module page.
_OVERRIDE_SUMMARIES = _OVERRIDES.with_only_columns(
    *(QuizOverride.__table__.c[name] for name in ("kind", "sequence", "used_at"))
)


@functools.cache
def _attempts_beside() -> Select[Any]:
    """The result page's one read: every attempt of the participant at the quiz of attempt ``attempt_id``
    (none if it is not theirs), with the module's course."""
    asked = aliased(QuizAttempt)
    return (
        select(QuizAttempt, _any_override(), Module.course_id)
        .join(Module, Module.id == QuizAttempt.module_id)
        .where(
            QuizAttempt.user_id == bindparam("user_id"),
            QuizAttempt.module_id
            == select(asked.module_id).where(asked.id == bindparam("attempt_id")).scalar_subquery(),
        )
        .order_by(QuizAttempt.number)
    )


def attempt_state(user_id: int, module: Module | ModuleView, course: Course | CourseView) -> AttemptState:
    """The participant's attempts at ``module``'s quiz and the trainer's overrides."""
    keys = {"user_id": user_id, "module_id": module.id}
    rows = db.session.execute(_attempts(), keys).all()
    return _state(course, [row[0] for row in rows], _overrides_if_any(keys, rows))


def visit_with_quiz(
    user_id: int, module: Module | ModuleView, course: Course | CourseView
) -> tuple[str, AttemptState]:
    """The module page of a module with a quiz: the visit (``progress.visit_status``, which returns the
    module's status) and the quiz panel's state, read in one statement when there are no overrides. The
    state's attempts and overrides are plain rows (id, number, submitted_at, passed; kind, sequence,
    used_at), enough for numbers and results."""
    keys = progress.visit_params(user_id, module)
    rows = db.session.execute(_visit_and_attempts(), keys).all()
    status = progress.visit_status(user_id, module, rows[0])
    attempts = [row for row in rows if row.id is not None]
    overrides = db.session.execute(_OVERRIDE_SUMMARIES, keys).all() if rows[0].any_override else ()
    return status, _state(course, attempts, tuple(overrides))


def attempt_and_state(user_id: int, attempt_id: int) -> tuple[QuizAttempt, AttemptState, CourseView] | None:
    """The participant's attempt ``attempt_id``, the state of that quiz and its course, in one query (two
    when there are overrides); None when the attempt is not theirs."""
    rows = db.session.execute(_attempts_beside(), {"user_id": user_id, "attempt_id": attempt_id}).all()
    attempt = next((row[0] for row in rows if row[0].id == attempt_id), None)
    if attempt is None:
        return None
    course = structure.courses_by_id([rows[0].course_id])[rows[0].course_id]
    keys = {"user_id": user_id, "module_id": attempt.module_id}
    return attempt, _state(course, [row[0] for row in rows], _overrides_if_any(keys, rows)), course


def _overrides_if_any(keys: dict[str, int], rows: Sequence[Row[Any]]) -> tuple[QuizOverride, ...]:
    """The overrides, read only when the attempts' rows say there are some (or there is no attempt)."""
    return tuple(db.session.scalars(_OVERRIDES, keys)) if not rows or rows[0].any_override else ()


def _state(course: Course | CourseView, attempts: Sequence[Any], overrides: tuple[Any, ...]) -> AttemptState:
    submitted = [a for a in attempts if a.submitted_at is not None]
    last = submitted[-1] if submitted else None
    wait = int(course.settings.get("retake_wait_minutes", 0))
    lifted = last is not None and any(o.kind == LIFT_WAIT and o.sequence == last.number for o in overrides)
    wait_until = None
    if last is not None and not last.passed and wait and not lifted:
        until = last.submitted_at + timedelta(minutes=wait)
        wait_until = until if until > utcnow() else None
    base = int(course.settings.get("attempts", 0))
    extra = sum(1 for o in overrides if o.kind == EXTRA_ATTEMPT)
    return AttemptState(
        used=len(submitted),
        allowed=base + extra if base else 0,
        open=next((a for a in attempts if a.submitted_at is None), None),
        last=last,
        wait_until=wait_until,
        number=attempts[-1].number if attempts else 0,
        base=base,
        overrides=overrides,
        wait_lifted=lifted,
    )


def _use_overrides(state: AttemptState, attempt: QuizAttempt) -> None:
    """Mark what let ``attempt`` open as used: an extra attempt beyond the course's limit takes the oldest
    one granted; a lifted waiting time is used by the next attempt."""
    now = utcnow()
    beyond = state.base and attempt.number > state.base
    extra = next((o for o in state.overrides if o.kind == EXTRA_ATTEMPT and o.used_at is None), None)
    used = [extra] if beyond and extra is not None else []
    if state.last is not None:
        used += [o for o in state.overrides if o.kind == LIFT_WAIT and o.sequence == state.last.number]
    for override in used:
        if override.used_at is None:
            override.used_at, override.used_attempt_id = now, attempt.id


def quiz_text(revision: QuizRevision, lang: str, fallback: str) -> QuizText:
    by_lang = {text.lang: text for text in revision.texts}
    return by_lang.get(lang) or by_lang.get(fallback) or revision.texts[0]


def open_attempt(
    user_id: int,
    module: Module | ModuleView,
    course: Course | CourseView,
    lang: str,
    rng: random.Random | None = None,
    *,
    state: AttemptState | None = None,
) -> QuizAttempt:
    """The participant's open attempt at ``module``'s quiz, started now if there is none.

    :param state: the participant's ``attempt_state`` at this quiz, if the caller has just read it.
    :raises AttemptRefused: when the module has no quiz, no attempts are left, or a waiting time runs.
    """
    state = state or attempt_state(user_id, module, course)
    if state.open is not None:
        return state.open
    if module.current_quiz_id is None:
        raise AttemptRefused("no-quiz")
    if state.left == 0:
        raise AttemptRefused("no-attempts-left")
    if state.wait_until is not None:
        raise AttemptRefused("wait", state.wait_until)
    text = definition(module.current_quiz_id).text(lang, course.source_lang)
    layout = shuffled_layout(text.quiz, rng or random.SystemRandom())
    # The number comes from the same read that found no open attempt: a second tab that read before this
    # one's attempt was committed then tries the same number, and the unique constraint stops it (a later
    # max() would see the committed attempt and open a second one under the next number).
    number = state.number + 1
    attempt = QuizAttempt(
        user_id=user_id,
        module_id=module.id,
        quiz_revision_id=module.current_quiz_id,
        number=number,
        lang=text.lang,
        layout=layout,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # another tab opened it at the same moment: use that one
        # (or, if that tab has submitted it meanwhile, start afresh under the rules)
        return attempt_state(user_id, module, course).open or open_attempt(user_id, module, course, lang, rng)
    _use_overrides(state, attempt)
    progress.record_visit(user_id, module)
    return attempt


@dataclass(frozen=True)
class Submission:
    attempt: QuizAttempt
    replay: bool  #: the attempt had already been submitted (double click, second tab, back button)
    to_correct: dict[str, str]  #: answers the learner must correct before it can be graded
    completed_course: bool = False


def tokens_for(attempt: QuizAttempt) -> AttemptTokens:
    """The stand-ins the quiz page uses for this attempt's matching partners and ordering items."""
    return AttemptTokens(current_app.config["SECRET_KEY"], attempt.id)


def submit_attempt(
    attempt: QuizAttempt,
    course: Course | CourseView,
    form: dict[str, list[str]],
    tokens: AttemptTokens | None = None,
) -> Submission:
    """Grade ``attempt`` with the answers in ``form``, exactly once even under concurrent submissions.

    :param tokens: as for app.content.quiz.responses.parse_form: the web form passes the attempt's tokens.
    :raises app.content.quiz.kinds.base.ResponseError: when the form does not belong to this quiz.
    """
    if attempt.submitted_at is not None:
        return Submission(attempt, replay=True, to_correct={})
    revision = definition(attempt.quiz_revision_id)
    quiz = revision.text(attempt.lang, course.source_lang).quiz
    responses, to_correct = parse_form(quiz, form, tokens)
    if to_correct:
        return Submission(attempt, replay=False, to_correct=to_correct)
    mark = pass_mark_of(course, revision)
    result = grade_quiz(quiz, responses, mark)
    now, wait = utcnow(), int(course.settings.get("retake_wait_minutes", 0))
    graded = {
        "submitted_at": now,
        "reopens_at": now + timedelta(minutes=wait) if wait and not result.passed else None,
        "responses": responses,
        "results": {qid: r.stored() for qid, r in result.results.items()},
        "score": result.score,
        "max_score": result.max,
        "percent": round(result.percent, 2),
        "pass_mark": mark,
        "passed": result.passed,
    }
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(**graded)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:  # a second click or tab graded it a moment ago: show that result
        db.session.refresh(attempt)
        return Submission(attempt, replay=True, to_correct={})
    for key, value in graded.items():  # what the row now holds, without reading it back
        set_committed_value(attempt, key, value)
    module = next(m for m in course.modules if m.id == attempt.module_id)
    completed = progress.record_attempt(
        attempt.user_id, module, course, attempt.percent, bool(attempt.passed)
    )
    return Submission(attempt, replay=False, to_correct={}, completed_course=completed)


#: The modules of a course where a trainer's override for the participant is not used yet (the course
#: page says so beside the quiz; courses/routes.py reads them with its other facts in one statement). On
#: the tables: Core, plain rows.
_overrides, _modules = QuizOverride.__table__.c, Module.__table__.c
GRANTED_MODULES = (
    select(_overrides.module_id)
    .join(Module.__table__, _modules.id == _overrides.module_id)
    .where(
        _overrides.user_id == bindparam("user_id"),
        _modules.course_id == bindparam("course_id"),
        _overrides.used_at.is_(None),
    )
)
