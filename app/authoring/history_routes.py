"""The diff between two revisions of one course file (or a revision and the current draft), for the
trainers of its course. Plain GET pages: the choice of A and B is a form that works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from app.authoring import history, linediff, services
from app.authoring.refs import file_or_abort

bp = Blueprint("history", __name__)

DRAFT = "draft"


class BadChoice(Exception):
    """A query parameter that names no revision of this file; ``status`` is the answer's HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _number(value: str) -> int | None:
    """A revision number from the query (None for the draft).

    :raises BadChoice: not a revision number nor "draft".
    """
    value = value.strip()
    if value == DRAFT:
        return None
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise BadChoice(_("“%(value)s” is not a revision number.", value=value[:40]), 400)
    return int(value)


def _side(ref: services.FileRef, value: str) -> history.Side:
    """:raises BadChoice: the value is malformed, or this file has no text in that revision."""
    number = _number(value)
    side = history.side_text(ref, number)
    if side is None:
        if number is None:
            raise BadChoice(_("This file has no saved draft."), 404)
        raise BadChoice(
            _("Revision %(number)d has no text of this file in this language.", number=number), 404
        )
    return side


def _default_a(numbers: list[int], b_value: str) -> str:
    """A when none is chosen: the revision of the file before B (B itself when there is none before it)."""
    b = int(b_value) if b_value.isascii() and b_value.isdigit() and len(b_value) < 10 else None
    earlier = [n for n in numbers if b is None or n < b]
    return str(earlier[0]) if earlier else b_value


@bp.get("/trainer/courses/<slug>/<module_slug>/<kind>/<lang>/diff")
@login_required
def diff(slug: str, module_slug: str, kind: str, lang: str):
    ref = file_or_abort(slug, module_slug, kind, lang)
    rows = history.revision_history(ref)
    draft = services.current_draft(ref)
    numbers = [r.revision.number for r in rows if r.text is not None]  # newest first
    newest = str(numbers[0]) if numbers else (DRAFT if draft else "")
    b_value = request.args.get("b", type=str) or newest  # empty or missing: the default
    a_value = request.args.get("a", type=str) or _default_a(numbers, b_value)
    full = request.args.get("full") == "1"
    context = {
        "ref": ref,
        "rows": rows,
        "draft": draft,
        "a_value": a_value,
        "b_value": b_value,
        "full": full,
        "max_lines": linediff.MAX_LINES,
        "max_rows": linediff.MAX_ROWS,
    }
    if not a_value or not b_value:
        return render_template("authoring/diff.html", **context, error=_("This file has no revisions yet."))
    try:
        old, new = _side(ref, a_value), _side(ref, b_value)
    except BadChoice as bad:
        return render_template("authoring/diff.html", **context, error=bad.message), bad.status
    changes = linediff.line_diff(old.source, new.source, context=None if full else linediff.CONTEXT)
    return render_template("authoring/diff.html", **context, old=old, new=new, changes=changes, error=None)
