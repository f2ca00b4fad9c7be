"""Mail when a failed quiz opens again: once its waiting time is over, the participant hears so in their
language, with a link to the quiz.

A failed attempt in a course with a waiting time carries ``reopens_at`` (set when it is graded).
``flask quizzes remind-reopened``, run from cron every few minutes, finds the attempts whose time has come
and claims each with a conditional UPDATE (``reopen_mailed_at``), so a repeated or concurrent run never
mails twice; the mail itself goes out as a job after the claim has committed. Nobody is mailed about a quiz
they can no longer take or have taken again meanwhile.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.auth.models import User
from app.courses.models import Course, Module
from app.courses.queries import shown_texts
from app.extensions import db
from app.jobs.queue import enqueue
from app.jobs.registry import job
from app.mail.templates import send_templated
from app.quizzes.models import QuizAttempt
from app.quizzes.services import attempt_state
from app.timeutil import utcnow
from app.urls import external_url

log = logging.getLogger(__name__)

REOPENED = "quizzes.reopened"
#: Attempts handled per run; a backlog is worked off by the next runs.
BATCH = 500


def claim_reopened(now: datetime | None = None) -> int:
    """Claim every failed attempt whose waiting time has ended and queue its mail (after the commit).

    Returns how many were claimed; the caller commits. Attempts whose mail would be needless are claimed
    too (and not mailed), so that they are not looked at again.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(QuizAttempt.id)
        .where(QuizAttempt.reopens_at <= now, QuizAttempt.reopen_mailed_at.is_(None))
        .order_by(QuizAttempt.reopens_at)
        .limit(BATCH)
    ).all()
    claimed = 0
    for attempt_id in due:
        won = db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt_id, QuizAttempt.reopen_mailed_at.is_(None))
            .values(reopen_mailed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won == 1:
            enqueue(REOPENED, attempt_id, key=f"quiz-reopened:{attempt_id}")
            claimed += 1
    log.info("%d reopened quizzes claimed", claimed)
    return claimed


def still_closed_for(attempt: QuizAttempt, user: User | None, module: Module | None) -> bool:
    """Whether a mail about ``attempt`` would be needless: the account is gone or cannot sign in, the
    module or its quiz left the course, a newer attempt exists, no attempts are left or the quiz was passed."""
    if user is None or not user.is_active or user.email_confirmed_at is None:
        return True
    if module is None or not module.active or not module.has_quiz:
        return True
    state = attempt_state(user.id, module, module.course)
    if state.number != attempt.number or state.left == 0 or state.wait_until is not None:
        return True
    passed = db.session.scalar(
        select(QuizAttempt.id).where(
            QuizAttempt.user_id == user.id, QuizAttempt.module_id == module.id, QuizAttempt.passed.is_(True)
        )
    )
    return passed is not None


@job(REOPENED, attempts=3)
def mail_reopened(attempt_id: int) -> None:
    """Mail the participant that the quiz of ``attempt_id`` can be taken again (nothing when needless)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None:
        return
    user = db.session.get(User, attempt.user_id)
    module = db.session.get(Module, attempt.module_id)
    if still_closed_for(attempt, user, module):
        return
    assert user is not None and module is not None
    course: Course = module.course
    lang = user.locale if user.locale in course.languages else course.source_lang
    shown = shown_texts(course, lang).get(module.id)
    title = shown.text.title if shown else module.slug
    state = attempt_state(user.id, module, course)
    send_templated(
        user.email,
        user.locale,
        "quiz_reopened",
        _l("You can take the quiz again: %(module)s", module=title),
        user=user,
        module=title,
        course=course.title_in(user.locale),
        left=state.left,
        link=external_url("quizzes.take", slug=course.slug, module_slug=module.slug),
    )
