"""The account e-mails: confirmation, 'you already have an account', password reset."""

from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.tokens import CONFIRM, RESET, make_token
from app.mail.templates import send_templated
from app.urls import external_url


def send_confirmation(user: User, next_path: str | None = None) -> None:
    """The confirmation link; ``next_path`` (a path on this site) is where the person goes after signing in."""
    extra = {"next": next_path} if next_path else {}
    link = external_url("auth.confirm", token=make_token(user, CONFIRM), **extra)
    send_templated(
        user.email, user.locale, "confirm_email", _l("Confirm your e-mail address"), user=user, link=link
    )


def send_already_registered(user: User) -> None:
    link = external_url("auth.forgot_password")
    send_templated(
        user.email, user.locale, "already_registered", _l("You already have an account"), user=user, link=link
    )


def send_password_reset(user: User, message_id: str | None = None) -> None:
    link = external_url("auth.reset_password", token=make_token(user, RESET))
    send_templated(
        user.email, user.locale, "reset_password", _l("Reset your password"),
        message_id=message_id, user=user, link=link,
    )  # fmt: skip
