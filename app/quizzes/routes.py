"""Quiz pages: take a quiz, submit it once, review the result."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from app.content.quiz.kinds.base import ResponseError
from app.content.quiz.review import review_rows
from app.courses import structure
from app.courses.queries import active_modules, shown_texts
from app.extensions import db
from app.i18n.moments import show_moment
from app.quizzes import services
from app.quizzes.definitions import QuizVersion, definition
from app.quizzes.models import QuizAttempt
from app.web.fragments import fragment

bp = Blueprint("quizzes", __name__)


def _refusal_message(refused: services.AttemptRefused) -> str:
    if refused.reason == "no-attempts-left":
        return _("You have used all attempts for this quiz.")
    if refused.reason == "wait":
        return _("You can try again from %(time)s.", time=show_moment(refused.until, "short"))
    return _("This module has no quiz.")


@bp.get("/courses/<slug>/<module_slug>/quiz")
@login_required
def take(slug: str, module_slug: str):
    course = structure.course_or_404(slug)
    module = structure.module_or_404(course, module_slug)
    state = services.attempt_state(current_user.id, module, course)
    try:
        attempt = services.open_attempt(current_user.id, module, course, str(get_locale()), state=state)
    except services.AttemptRefused as refused:
        db.session.rollback()
        flash(_refusal_message(refused), "error")
        if state.last is not None:
            return redirect(url_for("quizzes.result", attempt_id=state.last.id))
        return redirect(url_for("courses.module_page", slug=slug, module_slug=module_slug))
    return _render_quiz(course, module, attempt, state)


def _render_quiz(course, module, attempt, state, to_correct=None, values=None, status=200):  # type: ignore[no-untyped-def]
    revision = definition(attempt.quiz_revision_id)
    text = revision.text(attempt.lang, course.source_lang)
    return (
        render_template(
            "quizzes/quiz.html",
            course=course,
            module=module,
            attempt=attempt,
            quiz=text.data,
            parts=text.parts,
            heads=_question_heads(text),
            allowed=state.allowed,
            pass_mark=services.pass_mark_of(course, revision),
            to_correct=to_correct or {},
            values=values or {},
            token=services.tokens_for(attempt),
            lang=str(get_locale()),
        ),
        status,
    )


def _question_heads(text: QuizVersion) -> tuple[Markup, ...]:
    """Each question's number, points and text as the quiz page opens it: the same for every attempt, so
    rendered once per revision, its language and the page's language, and kept with the revision."""
    locale = str(get_locale())
    heads = text.rendered.get(locale)
    if heads is None:
        questions = text.data["questions"]
        heads = text.rendered[locale] = tuple(
            fragment("quizzes/_question_head.html", None, q=q, number=n, total=len(questions))
            for n, q in enumerate(questions, start=1)
        )
    return heads


@bp.post("/courses/<slug>/<module_slug>/quiz")
@login_required
def submit(slug: str, module_slug: str):
    """Grade the answers (the CSRF token is checked for every form by app.extensions.csrf) and send the
    participant to the result page, which reads what it shows itself."""
    course = structure.course_or_404(slug)
    module = structure.module_or_404(course, module_slug)
    attempt_id = request.form.get("attempt", "")
    valid_id = attempt_id.isascii() and attempt_id.isdigit() and len(attempt_id) <= 9
    attempt = db.session.get(QuizAttempt, int(attempt_id)) if valid_id else None
    if attempt is None or attempt.user_id != current_user.id or attempt.module_id != module.id:
        flash(
            _("These answers do not belong to an attempt of yours at this quiz. Nothing was saved."), "error"
        )
        return redirect(url_for("quizzes.take", slug=slug, module_slug=module_slug))
    form = {k: v for k, v in request.form.to_dict(flat=False).items()}
    try:
        outcome = services.submit_attempt(attempt, course, form, services.tokens_for(attempt))
    except ResponseError:
        db.session.rollback()
        flash(
            _("The form did not match this quiz, so nothing was saved. Please answer the questions again."),
            "error",
        )
        return redirect(url_for("quizzes.take", slug=slug, module_slug=module_slug))
    if outcome.to_correct:
        db.session.rollback()
        state = services.attempt_state(current_user.id, module, course)
        return _render_quiz(course, module, attempt, state, outcome.to_correct, request.form, status=422)
    if outcome.replay:
        flash(_("This attempt had already been submitted; here is its result."), "info")
    elif outcome.completed_course:
        flash(_("Congratulations – you have completed the course!"), "success")
        if (course.settings.get("certificate") or {}).get("enabled", True):
            flash(
                _("Your certificate is being prepared. We will send you an e-mail when it is ready."), "info"
            )
    return redirect(url_for("quizzes.result", attempt_id=attempt.id))


@bp.get("/attempts/<int(max=2147483647):attempt_id>")
@login_required
def result(attempt_id: int):
    found = services.attempt_and_state(current_user.id, attempt_id)
    if found is None:
        abort(404)
    attempt, state, course = found
    module = next(m for m in course.modules if m.id == attempt.module_id)
    if attempt.submitted_at is None:
        return redirect(url_for("quizzes.take", slug=course.slug, module_slug=module.slug))
    text = definition(attempt.quiz_revision_id).text(attempt.lang, course.source_lang)
    # The key is shown once it can no longer help a retake: after a pass, or with no attempt left.
    reveal = bool(attempt.passed) or state.left == 0
    return render_template(
        "quizzes/result.html",
        reveal=reveal,
        course=course,
        module=module,
        attempt=attempt,
        quiz=text.data,
        rows=review_rows(text.data, attempt.responses, attempt.results, reveal),
        state=state,
        next_module=_next_module(course, module) if attempt.passed else None,
        lang=str(get_locale()),
    )


def _next_module(course, module):  # type: ignore[no-untyped-def]
    """The module after ``module`` with its title shown in the page's language, or None after the last."""
    modules = active_modules(course)
    later = [m for m in modules if m.position > module.position]
    if not later:
        return None
    shown = shown_texts(course, str(get_locale())).get(later[0].id)
    return {"slug": later[0].slug, "title": shown.text.title if shown else later[0].slug}
