"""Demo data: the Chinese demo participant halfway through the course written for Chinese companies.

So that `make run` shows a course in progress in the Chinese interface (the catalogue's progress bar,
"continue where I left off", the learning page), next to the completed course of the German demo
participant. The quizzes are passed through the real quiz services, like the demo cohort's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course
from app.demo.attempts import all_right_form
from app.extensions import db
from app.progress import services as progress
from app.progress.models import PASSED as PASSED_STATUS
from app.progress.models import ModuleProgress
from app.quizzes import services as quizzes

DEMO_PARTICIPANT_ZH = "teilnehmerin@chinvalue.example"
DEMO_COURSE_ZH = "germany-eu-entry"
#: Modules passed; the one after them is opened, not yet passed.
PASSED = 2


@dataclass(frozen=True)
class DemoProgress:
    """Where the demo participant stands in the course."""

    email: str
    course: str
    passed: int
    modules: int
    opened: str | None  #: the module opened but not passed


def start_demo_course(
    email: str = DEMO_PARTICIPANT_ZH, slug: str = DEMO_COURSE_ZH, passed: int = PASSED
) -> DemoProgress | None:
    """Pass the first `passed` module quizzes of course `slug` for `email` and open the next module.

    Idempotent: a participant who already started the course is left alone. Flushes; the caller
    commits. None when the user or the course does not exist.
    """
    user = db.session.scalar(select(User).where(User.email == email))
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if user is None or course is None:
        return None
    modules = [m for m in course.modules if m.active]
    started = db.session.scalar(
        select(ModuleProgress.id).where(
            ModuleProgress.user_id == user.id, ModuleProgress.course_id == course.id
        )
    )
    if started is None:
        rng = random.Random(2027)
        for module in modules[:passed]:
            progress.record_visit(user.id, module)
            if not module.has_quiz:
                progress.mark_read(user.id, module)
                continue
            attempt = quizzes.open_attempt(user.id, module, course, user.locale, rng)
            quizzes.submit_attempt(attempt, course, all_right_form(rng, attempt, course))
        if len(modules) > passed:
            progress.record_visit(user.id, modules[passed])
        db.session.flush()
    status = dict(
        db.session.execute(
            select(ModuleProgress.module_id, ModuleProgress.status).where(
                ModuleProgress.user_id == user.id, ModuleProgress.course_id == course.id
            )
        ).all()
    )
    opened = next((m.slug for m in modules if status.get(m.id) not in (None, PASSED_STATUS)), None)
    return DemoProgress(email, slug, sum(s == PASSED_STATUS for s in status.values()), len(modules), opened)
