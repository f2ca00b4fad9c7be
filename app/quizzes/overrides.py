"""A trainer's exceptions to a quiz's attempt rules for one participant: one extra attempt, or the
current waiting time lifted. Each is stored with its reason and audited in the same transaction; the
attempt rules (services.attempt_state) apply it at once and mark it used when it lets an attempt open.

Plain functions: explicit arguments, flush, domain errors; the route commits.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.audit.models import QUIZ_ATTEMPT_GRANTED, QUIZ_WAIT_LIFTED
from app.audit.services import record
from app.auth.models import User
from app.courses.models import Course, Module
from app.extensions import db
from app.quizzes.models import EXTRA_ATTEMPT, LIFT_WAIT, REASON_MAX, QuizOverride
from app.quizzes.services import AttemptState, attempt_state


class OverrideRefused(Exception):
    """Nothing granted: ``reason`` is "unlimited" (the quiz has no attempt limit), "no-wait" (no waiting
    time runs), "changed" (the situation changed since the trainer saw it: sent twice, or another trainer
    was quicker), "inactive" (a deactivated account) or "reason" (no reason, or one too long)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def basis(state: AttemptState, kind: str) -> int:
    """What the trainer's form was made from, sent back with it: the extra attempts granted so far, or
    the number of the attempt whose waiting time runs. A form sent twice no longer matches."""
    if kind == EXTRA_ATTEMPT:
        return sum(1 for o in state.overrides if o.kind == EXTRA_ATTEMPT)
    return state.last.number if state.last is not None else 0


def grant(
    user: User, module: Module, course: Course, kind: str, reason: str, seen: int, by: User
) -> QuizOverride:
    """Grant ``user`` one extra attempt at ``module``'s quiz, or lift the waiting time that runs now.

    :param seen: ``basis`` of the state the trainer's page showed.
    :raises OverrideRefused: see its reasons; nothing is stored then.
    """
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise OverrideRefused("reason")
    if user.deactivated_at is not None:
        raise OverrideRefused("inactive")
    state = attempt_state(user.id, module, course)
    if kind == EXTRA_ATTEMPT and state.base == 0:
        raise OverrideRefused("unlimited")
    if kind == LIFT_WAIT and state.wait_until is None:
        raise OverrideRefused("changed" if state.wait_lifted and seen == basis(state, kind) else "no-wait")
    if seen != basis(state, kind):
        raise OverrideRefused("changed")
    sequence = seen + 1 if kind == EXTRA_ATTEMPT else seen
    override = QuizOverride(
        user_id=user.id, module_id=module.id, kind=kind, sequence=sequence, reason=reason, granted_by_id=by.id
    )
    try:
        with db.session.begin_nested():
            db.session.add(override)
    except IntegrityError:  # the same form, sent at the same moment from a second tab
        raise OverrideRefused("changed") from None
    record(
        QUIZ_ATTEMPT_GRANTED if kind == EXTRA_ATTEMPT else QUIZ_WAIT_LIFTED,
        actor_id=by.id, target=f"user:{user.id}", course=course.slug, module=module.slug,
        attempt=state.last.number if state.last else 0, reason=reason,
    )  # fmt: skip
    return override
