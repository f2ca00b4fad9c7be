"""The "Your data" page under the profile: download everything as JSON, or delete the account.

Thin views over app.privacy.export and app.privacy.deletion. Both act on the signed-in person only: there is
no id in these URLs, so nobody can ask for somebody else's data.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.login import forget_browser
from app.extensions import limiter
from app.privacy import deletion
from app.privacy.export import export_personal_data
from app.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__, url_prefix="/profile")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _deletion_key() -> str:
    """Rate-limit key: the password on the deletion form must not become a way to guess it."""
    return f"account-delete:{current_user.id}"


@bp.get("/data")
@login_required
def overview():
    return render_template("privacy/data.html")


@bp.get("/data/export.json")
@login_required
def export():
    data = export_personal_data(current_user._get_current_object())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    filename = f"chinvalue-academy-data-{data['exported_at'][:10]}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"], key_func=_deletion_key)
def delete():
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            deletion.delete_account(user, form.password.data, form.confirmation.data)
        except deletion.DeletionRefused as refusal:
            if refusal.field:
                getattr(form, refusal.field).errors.append(str(refusal.message))
            else:
                flash(str(refusal.message), "error")
        else:
            # Said in the person's language, which the next page keeps (they are signed out then).
            message = _("Your account and your personal data have been deleted. Goodbye!")
            forget_browser(lang=user.locale)
            flash(message, "success")
            return redirect(url_for("main.index"))
    return render_template("privacy/delete.html", form=form, facts=deletion.consequences(user))
