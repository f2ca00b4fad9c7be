"""The signer of app/web/signing.py signs with the standard library's one-call HMAC: its cookies and CSRF
tokens must be byte for byte what itsdangerous (Flask, Flask-WTF) makes and accepts."""

from __future__ import annotations

import hashlib

import itsdangerous
import itsdangerous.signer
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from app.web.signing import CSRF_SALT, CookieSessions, _serializer

SECRET = "s" * 40


def test_signatures_are_itsdangerous_bytes_and_accepted_both_ways(monkeypatch):
    """Flask-WTF's CSRF token and Flask's session cookie, at one moment: the same bytes, and each side
    accepts the other's."""
    app = Flask(__name__)
    app.secret_key = SECRET
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: 1_765_000_000)
    pairs = [
        ("a3f9", _serializer((SECRET,), CSRF_SALT), URLSafeTimedSerializer(SECRET, salt=CSRF_SALT)),
        (
            {"csrf_token": "a3f9", "_user_id": "x" * 43},
            CookieSessions().get_signing_serializer(app),
            SecureCookieSessionInterface().get_signing_serializer(app),
        ),
    ]
    for value, ours, theirs in pairs:
        assert ours.dumps(value) == theirs.dumps(value)
        assert theirs.loads(ours.dumps(value)) == ours.loads(theirs.dumps(value)) == value


def test_a_token_is_signed_without_building_an_hmac_object(monkeypatch):
    built: list[object] = []
    real = itsdangerous.signer.hmac.new

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(itsdangerous.signer.hmac, "new", counting)
    token = _serializer((SECRET,), CSRF_SALT).dumps("a3f9")
    assert built == []
    assert URLSafeTimedSerializer(SECRET, salt=CSRF_SALT).loads(token) == "a3f9"  # verifying still builds one
    assert built


def test_another_digest_signs_as_itsdangerous_does(monkeypatch):
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: 1_765_000_000)
    options = {"signer_kwargs": (("digest_method", hashlib.sha256),)}
    ours = _serializer((SECRET,), "other", **options)
    theirs = URLSafeTimedSerializer(SECRET, salt="other", signer_kwargs={"digest_method": hashlib.sha256})
    assert ours.dumps("a3f9") == theirs.dumps("a3f9")
