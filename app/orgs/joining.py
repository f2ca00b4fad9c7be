"""An invitation link opened by someone without an account: "create your account" for the named company.

The e-mail address of a personal invitation is filled in (and must be used); the confirmation mail leads
back to the invitation, so after confirming and signing in the person joins with one click. People who
already have an account sign in with the address filled in and come back to the invitation too.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import services as accounts
from app.auth.emails import send_already_registered, send_confirmation
from app.auth.forms import RegisterForm
from app.extensions import limiter
from app.orgs import services
from app.orgs.models import Invitation

bp = Blueprint("joining", __name__)


def newcomer_page(code: str, form: RegisterForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    """The invitation as a visitor sees it: who invites, and the registration form (or why it cannot be used)."""
    invitation = services.find_invitation(code)
    try:
        services.check_open(invitation)
    except services.OrgError as error:
        return render_template("orgs/join.html", invitation=None, problem=str(error.message), form=None), 400
    assert invitation is not None
    if form is None:
        form = RegisterForm(formdata=None)
        form.email.data = invitation.email
        form.locale.data = str(get_locale() or "de")
    back = url_for("orgs.join_link", code=code)
    return render_template(
        "orgs/join_new.html",
        invitation=invitation,
        form=form,
        login_url=url_for(
            "auth.login", next=back, **({"email": invitation.email} if invitation.email else {})
        ),
    ), status


def _wrong_address(invitation: Invitation, email: str) -> bool:
    return bool(invitation.email) and accounts.normalise_email(email) != invitation.email


@bp.post("/join/<string(maxlength=64):code>/register")
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"])  # like the registration form
def register(code: str):
    if current_user.is_authenticated:
        return redirect(url_for("orgs.join_link", code=code))
    form = RegisterForm()
    invitation = services.find_invitation(code)
    if invitation is None or not form.validate_on_submit():
        return newcomer_page(code, form, 400)
    if _wrong_address(invitation, form.email.data):
        form.email.errors = [_("This invitation was sent to a different e-mail address.")]
        return newcomer_page(code, form, 400)
    result = accounts.register(
        email=form.email.data,
        password=form.password.data,
        name=form.name.data,
        name_zh=form.name_zh.data,
        locale=form.locale.data,
    )
    if result.created:
        send_confirmation(result.user, next_path=url_for("orgs.join_link", code=code))
    else:
        send_already_registered(result.user)
    return render_template("auth/check_inbox.html", email=form.email.data, company=invitation.org.name)
