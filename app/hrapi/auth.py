"""``Authorization: Bearer <token>``: which company is asking, and the key its rate limit counts on."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from app.hrapi import tokens
from app.hrapi.errors import ApiError
from app.hrapi.models import ApiToken


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def rate_limit_key() -> str:
    """One bucket per token (hashed: the key may end up in Redis); per address without one."""
    secret = _bearer()
    if secret is None:
        return "ip:" + get_remote_address()
    return "token:" + tokens.hash_token(secret)[:32]


def current_token() -> ApiToken:
    token: ApiToken = g.api_token
    return token


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """401 with a ``WWW-Authenticate`` challenge unless the request carries an active token."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        secret = _bearer()
        if secret is None:
            raise ApiError(
                401,
                "missing_token",
                _('Send your API token in the header "Authorization: Bearer <token>".'),
            )
        token = tokens.find_active(secret)
        if token is None:
            raise ApiError(
                401,
                "invalid_token",
                _("This API token is unknown or has been revoked. A company manager can create a new one."),
            )
        g.api_token = token
        return view(*args, **kwargs)

    return wrapped
