"""Admin pages for one person and for creating accounts: progress, certificates, company, sessions; resend the
confirmation, deactivate and reactivate. A nested blueprint of ``admin`` (endpoints ``admin.people.*``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import accounts
from app.admin.forms import ROLE_LABELS, AccountActionForm, CreateUserForm
from app.auth.access import admin_required
from app.auth.emails import send_confirmation
from app.auth.models import Role, User
from app.extensions import db
from app.orgs.services import membership_of

bp = Blueprint("people", __name__)


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/users/<int(max=2147483647):user_id>")
@admin_required
def user_page(user_id: int):
    user = _user(user_id)
    from flask_babel import get_locale

    return render_template(
        "admin/user.html",
        user=user,
        role_labels=ROLE_LABELS,
        learning=accounts.learning_of(user),
        certificates=accounts.certificates_of(user),
        membership=membership_of(user.id),
        action=AccountActionForm(formdata=None),
        lang=str(get_locale() or "de"),
    )


@bp.post("/users/<int(max=2147483647):user_id>/resend-confirmation")
@admin_required
def resend_confirmation(user_id: int):
    user = _user(user_id)
    if not AccountActionForm().validate_on_submit():
        flash(_("Please try again."), "error")
    elif user.email_confirmed_at is not None:
        flash(_("The address of %(name)s is already confirmed.", name=user.name), "error")
    else:
        send_confirmation(user)
        flash(_("A new confirmation link was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for(".user_page", user_id=user.id))


@bp.post("/users/<int(max=2147483647):user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    user = _user(user_id)
    if not AccountActionForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for(".user_page", user_id=user.id))
    try:
        accounts.deactivate(user, current_user.id)
    except accounts.LastAdmin:
        flash(_("The last administrator cannot be deactivated."), "error")
        return redirect(url_for(".user_page", user_id=user.id))
    flash(_("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for(".user_page", user_id=user.id))


@bp.post("/users/<int(max=2147483647):user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    user = _user(user_id)
    if AccountActionForm().validate_on_submit():
        accounts.reactivate(user)
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for(".user_page", user_id=user.id))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        user = accounts.create_account(
            form.email.data, form.name.data, form.name_zh.data, form.locale.data, Role(form.role.data)
        )
        if user is None:
            form.email.errors = [_("This address already has an account.")]
        else:
            flash(
                _("The account was created; %(email)s got a link to set the password.", email=user.email),
                "success",
            )
            return redirect(url_for(".user_page", user_id=user.id))
    return render_template("admin/create_user.html", form=form), 400 if form.errors else 200
