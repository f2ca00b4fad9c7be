"""A participant's quiz situation for the trainer: per quiz of one course the attempts used and allowed,
the waiting time, the overrides granted so far, and the forms that grant an extra attempt or lift the
waiting time. Admins for everyone; trainers for the courses they manage, and only for participants of
that course's cohort (the people the cohort page shows them)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import User
from app.courses.access import require_manage
from app.courses.models import Course, Module
from app.courses.queries import active_modules, get_course_or_404, shown_texts
from app.extensions import db
from app.i18n.moments import show_moment
from app.progress.models import CourseProgress
from app.quizzes import overrides
from app.quizzes.forms import OverrideForm
from app.quizzes.models import EXTRA_ATTEMPT, LIFT_WAIT, REASON_MAX
from app.quizzes.services import attempt_state

bp = Blueprint("quiz_overrides", __name__, url_prefix="/trainer")

KINDS = {"extra-attempt": EXTRA_ATTEMPT, "lift-wait": LIFT_WAIT}
REFUSALS = {
    "unlimited": _l("This quiz has no attempt limit, so no extra attempt is needed."),
    "no-wait": _l("No waiting time runs for this quiz now."),
    "changed": _l(
        "The participant's situation changed since the page was shown (perhaps the form was sent twice). "
        "Nothing was changed; please check the situation below."
    ),
    "inactive": _l("This account is deactivated."),
    "reason": _l("Please give a reason (at most %(max)d characters).", max=REASON_MAX),
}


def _participant(slug: str, user_id: int) -> tuple[Course, User]:
    """The course and the participant, or 403/404: a trainer sees only their course's cohort."""
    course = get_course_or_404(slug)
    require_manage(current_user, course)
    user = db.session.get(User, user_id)
    in_cohort = user is not None and db.session.scalar(
        select(CourseProgress.id).where(
            CourseProgress.user_id == user.id, CourseProgress.course_id == course.id
        )
    )
    if user is None or not (in_cohort or current_user.is_admin):
        abort(404)
    return course, user


def _forms(module: Module, state) -> dict[str, OverrideForm]:  # type: ignore[no-untyped-def]
    forms = {}
    for name, kind in KINDS.items():
        form = OverrideForm(prefix=f"m{module.id}-{name}", formdata=None)
        form.seen.data = str(overrides.basis(state, kind))
        forms[name] = form
    return forms


def _page(course: Course, user: User, posted: tuple[int, str, OverrideForm] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    lang = str(get_locale())
    texts = shown_texts(course, lang)
    rows = []
    for module in active_modules(course):
        if not module.has_quiz:
            continue
        state = attempt_state(user.id, module, course)
        forms = _forms(module, state)
        if posted and posted[0] == module.id:
            forms[posted[1]] = posted[2]
        title = texts[module.id].text.title if module.id in texts else module.slug
        rows.append({"module": module, "title": title, "state": state, "forms": forms})
    return render_template(
        "quizzes/situation.html", course=course, person=user, rows=rows, lang=lang, extra=EXTRA_ATTEMPT
    ), status


@bp.get("/courses/<slug>/participants/<int(max=2147483647):user_id>")
@login_required
def situation(slug: str, user_id: int):
    course, user = _participant(slug, user_id)
    return _page(course, user)


@bp.post(
    "/courses/<slug>/participants/<int(max=2147483647):user_id>/<module_slug>/<any('extra-attempt', 'lift-wait'):action>"
)
@login_required
def grant(slug: str, user_id: int, module_slug: str, action: str):
    course, user = _participant(slug, user_id)
    module = next((m for m in active_modules(course) if m.slug == module_slug and m.has_quiz), None)
    if module is None:
        abort(404)
    form = OverrideForm(prefix=f"m{module.id}-{action}")
    seen = form.seen.data or ""
    if not form.validate_on_submit() or not (seen.isascii() and seen.isdigit() and len(seen) <= 9):
        db.session.rollback()
        return _page(course, user, (module.id, action, form), status=422)
    try:
        overrides.grant(user, module, course, KINDS[action], form.reason.data, int(seen), current_user)
    except overrides.OverrideRefused as refused:
        db.session.rollback()
        flash(str(REFUSALS[refused.reason]), "error")
        return redirect(url_for(".situation", slug=slug, user_id=user.id))
    if action == "extra-attempt":
        flash(_("%(name)s may take the quiz once more.", name=user.name), "success")
        wait_until = attempt_state(user.id, module, course).wait_until
        if wait_until is not None:
            flash(
                _(
                    "A waiting time still runs until %(time)s: lift it below if %(name)s should start now.",
                    time=show_moment(wait_until, "short"),
                    name=user.name,
                ),
                "info",
            )
    else:
        flash(_("The waiting time for %(name)s is lifted.", name=user.name), "success")
    return redirect(url_for(".situation", slug=slug, user_id=user.id))
