"""Company → API tokens: managers create tokens (shown once) and revoke them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.hrapi import tokens
from app.hrapi.forms import RevokeTokenForm, TokenForm
from app.hrapi.models import ApiToken
from app.orgs.guards import manager_membership
from app.orgs.models import Membership
from app.urls import external_url

bp = Blueprint("api_tokens", __name__)


def _page(manager: Membership, form: TokenForm, status: int = 200, secret: str | None = None):  # type: ignore[no-untyped-def]
    response = render_template(
        "hrapi/tokens.html",
        org=manager.org,
        form=form,
        tokens=tokens.tokens_of(manager.org_id),
        revoke_form=RevokeTokenForm(formdata=None),
        secret=secret,
        api_base=external_url("hrapi.members").rsplit("/members", 1)[0],
    )
    return response, status, {"Cache-Control": "no-store"}


@bp.get("/company/api-tokens")
@login_required
def index():
    return _page(manager_membership(), TokenForm(formdata=None))


@bp.post("/company/api-tokens")
@login_required
def create():
    manager = manager_membership()
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(manager, form, 400)
    _token, secret = tokens.create_token(manager.org, form.label.data, created_by_id=current_user.id)
    flash(_("The token was created. Copy it now: it will not be shown again."), "success")
    return _page(manager, TokenForm(formdata=None), secret=secret)


@bp.post("/company/api-tokens/<int(max=2147483647):token_id>/revoke")
@login_required
def revoke(token_id: int):
    manager = manager_membership()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.org_id != manager.org_id:
        abort(404)
    if not RevokeTokenForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for(".index"))
    if tokens.revoke_token(token, revoked_by_id=current_user.id):
        flash(
            _("The token was revoked: programs using it can no longer read your company's data."), "success"
        )
    return redirect(url_for(".index"))
