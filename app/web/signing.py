"""The cookie session and the CSRF token, signed as Flask and Flask-WTF sign them, with the signing objects
built once per key instead of on every request, and a cookie that comes back unchanged decoded once.

Flask builds the session's serializer twice a request (to open and to save the cookie) and Flask-WTF one for
the page's token; itsdangerous builds a signer for every signature and derives its key again each time, and
a browser sends the same cookie with every page. Together that was a tenth of a signed-in page's
instructions. The keys, salts, formats and limits are unchanged: cookies and tokens of either kind are
accepted by the other. The CSRF token is still signed for every page (with the time in it): one token per
session shown on every page could be read, piece by piece, from compressed answers (BREACH).
"""

from __future__ import annotations

import functools
import hmac
import time
from typing import Any

from flask import Flask, Request, Response, current_app, g, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes, want_bytes
from itsdangerous.signer import HMACAlgorithm

#: Flask-WTF's salt for the CSRF token (flask_wtf/csrf.py).
CSRF_SALT = "wtf-csrf-token"


class _Signer(TimestampSigner):
    """A signer that derives each key once (it depends only on the key and the salt), and signs with the
    standard library's one-call HMAC when the digest is SHA-1 (Flask's and Flask-WTF's): itsdangerous builds
    an HMAC object in Python for every signature, and every page signs its CSRF token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[bytes, bytes] = {}
        algorithm = self.algorithm
        self._sha1 = isinstance(algorithm, HMACAlgorithm) and algorithm.digest_method().name == "sha1"
        self._separator = want_bytes(self.sep)

    def sign(self, value: str | bytes) -> bytes:
        """As ``TimestampSigner.sign``: the value, the time and the signature of both."""
        if not self._sha1:
            return super().sign(value)
        value = want_bytes(value) + self._separator + base64_encode(int_to_bytes(self.get_timestamp()))
        return value + self._separator + base64_encode(hmac.digest(self.derive_key(), value, "sha1"))

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
    """Flask's signed cookie session, its serializer built once per set of keys, each cookie's contents
    verified and decoded once (while they are plain values: a dict or list could be changed in place), and
    its settings read only when there is a cookie to send."""

    #: Cookies remembered decoded, per app; emptied when full.
    LIMIT = 2048

    def __init__(self) -> None:
        self._decoded: dict[tuple[Any, ...], tuple[dict[str, Any], int]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:  # type: ignore[override]
        if not app.secret_key:
            return None
        return _serializer(
            self._keys(app),
            self.salt,
            serializer=self.serializer,
            signer_kwargs=(("key_derivation", self.key_derivation), ("digest_method", self.digest_method)),
        )

    @staticmethod
    def _keys(app: Flask) -> tuple[str | bytes, ...]:
        return (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """As Flask's: a cookie signed with one of the keys, no older than the permanent session lifetime
        (and not from the future), or else an empty session."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (self._keys(app), value)
        known = self._decoded.get(key)
        if known is None:
            try:
                data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            known = data, int(signed_at.timestamp())
            if all(type(item) in _PLAIN for item in data.values()):
                if len(self._decoded) >= self.LIMIT:
                    self._decoded.clear()
                self._decoded[key] = known
        data, signed_at = known
        if not 0 <= int(time.time()) - signed_at <= max_age:
            return self.session_class()
        return self.session_class(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """As Flask's; when there is no cookie to send (nothing changed, no refresh), only the Vary header."""
        if session.modified or (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            super().save_session(app, session, response)
        elif session.accessed:
            if "Vary" in response.headers:
                response.vary.add("Cookie")
            else:  # what adding to an empty set writes, without parsing and building one
                response.headers["Vary"] = "Cookie"


#: Values a decoded cookie may hold to be remembered: none can be changed in place.
_PLAIN = frozenset({str, bool, int, float, type(None)})


def csrf_token() -> str:
    """This request's CSRF token as Flask-WTF's ``generate_csrf`` makes it, with the same key and field name,
    kept in ``g`` as it keeps it (so the request's forms show the same). A first page, which has no token in
    its session yet, is left to Flask-WTF."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  (one lookup, not two)
    config = app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    if token is not None:
        return token
    secret, raw = config.get("WTF_CSRF_SECRET_KEY", app.secret_key), session.get(field)
    if not secret or not isinstance(raw, str):
        return generate_csrf()
    serializer = _serializer((secret,), CSRF_SALT)
    token = serializer.make_signer().sign(_payload(serializer, raw)).decode()  # as serializer.dumps(raw)
    setattr(g, field, token)
    return token


@functools.lru_cache(maxsize=4096)
def _payload(serializer: _Serializer, raw: str) -> bytes:
    """The signed part of a session's CSRF token, the same on every page (its encoding tries compression,
    which costs more than the signature)."""
    return want_bytes(serializer.dump_payload(raw))
