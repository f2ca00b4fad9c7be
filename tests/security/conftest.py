"""Fixtures for the security tests: an app with low rate limits (and a route that fails), the companies'
world with the sample course, and helpers to sign in as each role."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.fixtures.web import CsrfClient

#: Low enough to reach in a few requests; per client address (and per account for sign-ins).
STRICT_LIMITS = {
    "LOGIN_RATE_LIMIT": "3 per minute",
    "RESET_RATE_LIMIT": "2 per minute",
    "VERIFY_RATE_LIMIT": "2 per minute",
    "INVITATION_RATE_LIMIT": "2 per minute",
    "INVITATION_COMPANY_RATE_LIMIT": "3 per minute",
}


@pytest.fixture(scope="session")
def strict_app(app):
    """A second app on the same database with low rate limits, and /boom, which raises (for the 500 page).

    It depends on ``app`` so that the tables exist and every test using it gets a clean database.
    """
    strict = create_app({**STRICT_LIMITS})
    strict.test_client_class = CsrfClient

    @strict.get("/boom")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    yield strict
    with strict.app_context():
        db.session.remove()
        db.engine.dispose()


#: Sessions that end within seconds, so that a test can wait for them.
SHORT_SESSIONS = {"SESSION_IDLE_TIMEOUT": 1, "SESSION_REMEMBER_LIFETIME": 2}


@pytest.fixture(scope="session")
def timeout_app(app):
    """A second app on the same database whose sessions time out after a second (remember-me: two)."""
    short = create_app({**SHORT_SESSIONS})
    short.test_client_class = CsrfClient
    yield short
    with short.app_context():
        db.session.remove()
        db.engine.dispose()


#: The cookies as production names them (app/config.py): "__Host-" names, Secure.
HOST_ONLY_COOKIES = {
    "SESSION_COOKIE_NAME": "__Host-session",
    "REMEMBER_COOKIE_NAME": "__Host-remember_token",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
}


@pytest.fixture(scope="session")
def host_cookie_app(app):
    """A second app on the same database with production's cookie names and flags (used over https)."""
    hosted = create_app({**HOST_ONLY_COOKIES})
    hosted.test_client_class = CsrfClient
    yield hosted
    with hosted.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def strict_client(strict_app):
    """A client of the strict app, with every rate-limit budget full."""
    with strict_app.app_context():
        limiter.reset()
    yield strict_app.test_client()
    with strict_app.app_context():
        limiter.reset()
