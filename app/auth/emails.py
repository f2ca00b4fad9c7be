"""The account e-mails: confirmation, 'you already have an account', password reset."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.tokens import CONFIRM, RESET, make_token
from app.mail.templates import send_templated


def send_confirmation(user: User) -> None:
    link = url_for("auth.confirm", token=make_token(user, CONFIRM), _external=True)
    send_templated(
        user.email, user.locale, "confirm_email", _l("Confirm your e-mail address"), user=user, link=link
    )


def send_already_registered(user: User) -> None:
    link = url_for("auth.forgot_password", _external=True)
    send_templated(
        user.email, user.locale, "already_registered", _l("You already have an account"), user=user, link=link
    )


def send_password_reset(user: User) -> None:
    link = url_for("auth.reset_password", token=make_token(user, RESET), _external=True)
    send_templated(user.email, user.locale, "reset_password", _l("Reset your password"), user=user, link=link)
