"""The language menu: remembers the choice in the session, and on the profile when signed in."""

from flask import Blueprint, abort, redirect, request, session
from flask_login import current_user

from app.i18n.locale import SESSION_KEY, supported
from app.safe_redirect import safe_next_url

bp = Blueprint("i18n", __name__)


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang not in supported():
        abort(400)
    session[SESSION_KEY] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
    return redirect(safe_next_url(request.form.get("next")))
