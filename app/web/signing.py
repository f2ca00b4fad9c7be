"""The cookie session and the CSRF token, signed as Flask and Flask-WTF sign them, with the signing objects
built once per key instead of on every request.

Flask builds the session's serializer twice a request (to open and to save the cookie) and Flask-WTF one for
the page's token; itsdangerous builds a signer for every signature and derives its key again each time.
Together that was a tenth of a signed-in page's instructions. The keys, salts and formats are unchanged:
cookies and tokens of either kind are accepted by the other.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import Flask, current_app, g, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import want_bytes

#: Flask-WTF's salt for the CSRF token (flask_wtf/csrf.py).
CSRF_SALT = "wtf-csrf-token"


class _Signer(TimestampSigner):
    """A signer that derives each key once (it depends only on the key and the salt)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[bytes, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        derived = self._derived.get(key)
        if derived is None:
            derived = self._derived[key] = super().derive_key(key)
        return derived


class _Serializer(URLSafeTimedSerializer):
    """A serializer that keeps its signer per salt instead of building one per signature."""

    default_signer = _Signer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict[Any, Any] = {}

    def make_signer(self, salt: str | bytes | None = None) -> Any:
        signer = self._signers.get(salt)
        if signer is None:
            signer = self._signers[salt] = super().make_signer(salt)
        return signer


@functools.lru_cache(maxsize=8)
def _serializer(keys: tuple[str | bytes, ...], salt: str, **options: Any) -> _Serializer:
    """The serializer for these keys (the current one last) and salt; ``signer_kwargs`` as pairs."""
    if "signer_kwargs" in options:
        options["signer_kwargs"] = dict(options["signer_kwargs"])
    return _Serializer(list(keys), salt=salt, **options)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, its serializer built once per set of keys."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:  # type: ignore[override]
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        return _serializer(
            keys,
            self.salt,
            serializer=self.serializer,
            signer_kwargs=(("key_derivation", self.key_derivation), ("digest_method", self.digest_method)),
        )


def csrf_token() -> str:
    """This request's CSRF token as Flask-WTF's ``generate_csrf`` makes it, with the same key and field name,
    kept in ``g`` as it keeps it (so the request's forms show the same). A first page, which has no token in
    its session yet, is left to Flask-WTF."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    if token is not None:
        return token
    secret, raw = config.get("WTF_CSRF_SECRET_KEY", current_app.secret_key), session.get(field)
    if not secret or not isinstance(raw, str):
        return generate_csrf()
    token = _serializer((secret,), CSRF_SALT).dumps(raw)
    setattr(g, field, token)
    return token
