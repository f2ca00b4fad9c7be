"""Signed, expiring tokens for e-mailed links (password reset, e-mail confirmation).

A reset token carries a fingerprint of the current password hash, so it stops working once used.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.auth.models import User
from app.extensions import db

RESET = "password-reset"
CONFIRM = "email-confirm"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _fingerprint(user: User, purpose: str) -> str:
    state = user.password_hash if purpose == RESET else f"{user.email}|{user.email_confirmed_at}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def read_token(token: str, purpose: str, max_age: int) -> User | None:
    """The user a token was made for, or None if it is forged, expired or already used."""
    if not token or len(token) > 500:
        return None
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or data.get("f") != _fingerprint(user, purpose):
        return None
    return user
