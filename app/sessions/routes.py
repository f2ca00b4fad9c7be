"""Profile → "Where you are signed in": the person's live sessions, and signing out the others.

Thin views over app.sessions.services; every session is checked to be the signed-in person's own (anything
else is a 404, so ids cannot be probed).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.auth.login import current_session
from app.extensions import db, limiter
from app.sessions import services
from app.sessions.forms import SignOutOneForm, SignOutOthersForm
from app.sessions.models import UserSession
from app.sessions.useragent import describe

bp = Blueprint("sessions", __name__, url_prefix="/profile/sessions")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _password_key() -> str:
    """Rate-limit key: the password on these forms must not become a way to guess it."""
    return f"sessions-password:{current_user.id}"


def _limits() -> services.Limits:
    return services.Limits.from_config(current_app.config)


def _page(form: SignOutOthersForm, status: int = 200):  # type: ignore[no-untyped-def]
    here = current_session()
    live = services.live_sessions(current_user.id, _limits())
    return render_template(
        "sessions/index.html",
        rows=[(session, describe(session.user_agent)) for session in live],
        current_id=here.id if here else None,
        form=form,
    ), status


@bp.get("")
@login_required
def index():
    return _page(SignOutOthersForm(formdata=None))


@bp.post("/others")
@login_required
@limiter.limit(_login_limit, key_func=_password_key)
def sign_out_others():
    form = SignOutOthersForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    here = current_session()
    try:
        count = services.sign_out_others(current_user, form.password.data, here.id if here else None)
    except services.WrongPassword:
        form.password.errors.append(_("This is not your current password."))
        return _page(form, 400)
    flash(
        ngettext("%(num)d other session was signed out.", "%(num)d other sessions were signed out.", count),
        "success",
    )
    return redirect(url_for(".index"))


def _other_session(session_id: int) -> UserSession:
    """One of the person's own live sessions other than this browser's; 404 for anything else."""
    session = db.session.get(UserSession, session_id)
    here = current_session()
    if session is None or session.user_id != current_user.id or (here is not None and here.id == session.id):
        abort(404)
    if not services.is_live(session, _limits()):
        abort(404)
    return session


@bp.route("/<int(max=2147483647):session_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, key_func=_password_key, methods=["POST"])
def sign_out_one(session_id: int):
    session = _other_session(session_id)
    form = SignOutOneForm()
    if form.validate_on_submit():
        try:
            services.sign_out_one(current_user, form.password.data, session)
        except services.WrongPassword:
            form.password.errors.append(_("This is not your current password."))
        else:
            flash(_("The session was signed out."), "success")
            return redirect(url_for(".index"))
    page = render_template(
        "sessions/end.html", session=session, device=describe(session.user_agent), form=form
    )
    return page, 400 if form.errors else 200
