"""The admin certificates page's workshop part: choose a workshop, then tick its attendees who do not
yet hold their certificates. Admins for every workshop, trainers for the workshops they may edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.extensions import db
from app.workshops import manual
from app.workshops.editing import may_edit
from app.workshops.models import Workshop

bp = Blueprint("workshop_manual", __name__, url_prefix="/admin/certificates/workshops")
MAX_ID = 2**31 - 1


def _number(text: str) -> int | None:
    return (
        int(text)
        if text.isascii() and text.isdigit() and 0 < len(text) <= 10 and int(text) <= MAX_ID
        else None
    )


def _choices() -> list[Workshop]:
    """The workshops the user may issue for, newest first (a handful per trainer, a few hundred at most)."""
    if not current_user.is_trainer:
        abort(403)
    rows = db.session.scalars(
        select(Workshop).where(Workshop.cancelled_at.is_(None)).order_by(Workshop.starts_at.desc())
    ).all()
    return [workshop for workshop in rows if may_edit(current_user, workshop)]


@bp.get("")
@login_required
def choose():
    workshops = _choices()
    wanted = request.args.get("workshop", "")
    number = _number(wanted)
    chosen = next((w for w in workshops if w.id == number), None)
    if wanted and chosen is None:
        flash(_("Please choose one of the workshops in the list."), "error")
    return render_template(
        "workshops/manual_issue.html", workshops=workshops, chosen=chosen, lang=str(get_locale() or "de"),
        attendees=manual.attendees(chosen) if chosen else [], form=FlaskForm(),
    )  # fmt: skip


@bp.post("/<int(max=2147483647):workshop_id>")
@login_required
def issue(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    if not may_edit(current_user, workshop):
        abort(403)
    back = redirect(url_for(".choose", workshop=workshop.id))
    if not FlaskForm().validate_on_submit():
        flash(_("The form had expired. Please choose the attendees again."), "error")
        return back
    raw = request.form.getlist("registration")[: manual.MAX_SELECTED + 1]
    ids = [_number(value) for value in raw]
    if not raw:
        flash(_("Please choose at least one attendee."), "error")
        return back
    try:
        if None in ids or len(raw) > manual.MAX_SELECTED:
            raise manual.NotAttendees
        outcome = manual.issue_for(workshop, [i for i in ids if i is not None], current_user)
    except manual.NotAttendees:
        db.session.rollback()
        flash(_("Some of the chosen people are not attendees of this workshop. Nothing was issued."), "error")
        return back
    if outcome.issued:
        count = len(outcome.issued)
        flash(
            ngettext("%(num)d certificate was issued.", "%(num)d certificates were issued.", count), "success"
        )
    for user in outcome.complete:
        flash(_("%(name)s already holds the certificates of this workshop.", name=user.name), "info")
    for user, _error in outcome.failed:
        flash(
            _(
                "The certificate for %(name)s could not be issued right now. Please try again later.",
                name=user.name,
            ),
            "error",
        )
    return back
