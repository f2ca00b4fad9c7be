"""Drill-down from a quiz's statistics to single attempts: the list of a revision's attempts and one
attempt answer by answer. Trainers of the course and admins only (checked on the server per object)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from app.analytics.labels import quiz_labels
from app.auth.models import User
from app.courses.access import require_manage
from app.courses.models import Course, Module, QuizRevision
from app.courses.queries import get_course_or_404
from app.extensions import db
from app.quizzes.models import QuizAttempt
from app.quizzes.services import quiz_text

bp = Blueprint("analytics_attempts", __name__, url_prefix="/trainer")

PER_PAGE = 50
#: Page numbers beyond this are no real page (and would overflow the database's integers).
MAX_PAGE = 100_000


def _module(slug: str, module_slug: str) -> tuple[Course, Module]:
    course = get_course_or_404(slug)
    require_manage(current_user, course)
    module = next((m for m in course.modules if m.slug == module_slug), None)
    if module is None:
        abort(404)
    return course, module


@bp.get("/courses/<slug>/<module_slug>/attempts")
@login_required
def attempts(slug: str, module_slug: str):
    """The submitted attempts on one quiz revision (``?revision=<number>``), newest first, paged."""
    course, module = _module(slug, module_slug)
    number = request.args.get("revision", type=int)
    revision = db.session.scalar(
        select(QuizRevision).where(QuizRevision.module_id == module.id, QuizRevision.number == number)
    )
    if revision is None:
        abort(404)
    query = (
        select(QuizAttempt)
        .where(QuizAttempt.quiz_revision_id == revision.id, QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
    )
    wanted = request.args.get("page", 1, type=int)
    page = db.paginate(query, page=min(max(wanted, 1), MAX_PAGE), per_page=PER_PAGE, error_out=False)
    ids = {a.user_id for a in page.items}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    return render_template(
        "analytics/attempts.html", course=course, module=module, revision=revision, page=page, names=names,
        lang=str(get_locale()),
    )  # fmt: skip


CHOICES = ("single", "multiple", "truefalse")


def _parts(kind: str, items: list[dict[str, Any]], labels: dict[str, str]) -> list[tuple[str, bool]]:
    """The answer parts as text, each with whether it was right: the options ticked; for matching each
    row and the partner chosen; for ordering each position and the item put there."""
    parts = []
    for position, item in enumerate(items, start=1):
        given = item.get("given")
        if kind in CHOICES:
            if given is not None:
                parts.append((labels.get(given, str(given)), bool(item.get("right"))))
        elif kind == "matching":
            chosen = labels.get(f"right:{given}", "–") if given is not None else "–"
            parts.append(
                (f"{labels.get(item.get('id'), item.get('id'))} → {chosen}", bool(item.get("right")))
            )
        else:  # ordering
            placed = labels.get(given, str(given)) if given is not None else "–"
            parts.append((f"{position}. {placed}", bool(item.get("right"))))
    return parts


def answer_rows(quiz: dict[str, Any], attempt: QuizAttempt) -> list[dict[str, Any]]:
    """Per question: the points and the answer given, as text (see `_parts`)."""
    _questions, labels = quiz_labels(quiz)
    results, responses = attempt.results or {}, attempt.responses or {}
    rows = []
    for position, question in enumerate(quiz.get("questions", []), start=1):
        qid, kind = question["id"], question["type"]
        result = results.get(qid) or {}
        items = [item for item in result.get("items") or [] if isinstance(item, dict)]
        given = responses.get(qid)
        rows.append(
            {
                "position": position,
                "id": qid,
                "score": result.get("score") or 0,
                "max": result.get("max") or question.get("points") or 0,
                "parts": _parts(kind, items, labels.get(qid, {})),
                "typed": str(given) if given not in (None, "") and kind in ("text", "numeric") else None,
            }
        )
    return rows


@bp.get("/courses/<slug>/<module_slug>/attempts/<int(max=2147483647):attempt_id>")
@login_required
def attempt(slug: str, module_slug: str, attempt_id: int):
    course, module = _module(slug, module_slug)
    found = db.session.get(QuizAttempt, attempt_id)
    if found is None or found.module_id != module.id or found.submitted_at is None:
        abort(404)
    text = quiz_text(found.quiz_revision, found.lang, course.source_lang)
    return render_template(
        "analytics/attempt.html", course=course, module=module, attempt=found, quiz=text.data,
        person=db.session.get(User, found.user_id), rows=answer_rows(text.data, found), lang=str(get_locale()),
    )  # fmt: skip
