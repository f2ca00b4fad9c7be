"""The password-reset mail as a job: rendered and sent outside the request, whose time must not show
whether the address has an account."""

from __future__ import annotations

from app.auth.emails import send_password_reset
from app.auth.models import User
from app.extensions import db
from app.jobs.registry import job


@job("auth.password_reset_mail", attempts=3, backoff=(30, 120), tracked=False)
def password_reset_mail(user_id: int, message_id: str | None = None) -> None:
    """``message_id`` was chosen in the request: a run repeated after its worker died sends no second mail."""
    user = db.session.get(User, user_id)
    if user is not None:
        send_password_reset(user, message_id)
