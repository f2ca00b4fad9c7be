"""Configuration read from environment variables (and `.env`) each time an app is created."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: The key used when none is configured. Production refuses to start with it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"

LANGUAGES = ("de", "en", "zh")
#: The longest "stay signed in" (ASVS L1 3.3.2: re-authentication at least every 30 days).
MAX_REMEMBER_SECONDS = 30 * 24 * 3600
#: Compiled catalogs: inside the package when installed from a wheel (setup.py compiles them at build
#: time), else the source folder's, compiled by `flask translate compile`.
_PACKAGED_TRANSLATIONS = Path(__file__).resolve().parent / "translations"
TRANSLATIONS = (
    _PACKAGED_TRANSLATIONS
    if any(_PACKAGED_TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo"))
    else Path(__file__).resolve().parent.parent / "translations"
)


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, got {value!r}") from None


def _redis_timeouts(uri: str) -> dict[str, float]:
    """Socket timeouts (seconds) for a Redis rate-limit storage; other storages take no such options."""
    return {"socket_timeout": 1.0, "socket_connect_timeout": 1.0} if uri.startswith("redis") else {}


def base_config() -> dict[str, Any]:
    """Development defaults: SQLite under the instance folder, mail to a local outbox."""
    secure = _bool("SESSION_COOKIE_SECURE", False)
    return {
        "ENV_NAME": "development",
        "SECRET_KEY": _env("SECRET_KEY") or DEV_SECRET_KEY,
        # None means "an SQLite file in the instance folder", resolved by the factory.
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL") or None,
        # No pool_pre_ping (a round trip per request): app/pool_check.py looks at the socket instead; a
        # connection is retired after half an hour, before firewalls and proxies drop idle ones silently.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
        "BABEL_DEFAULT_LOCALE": _env("DEFAULT_LOCALE", "de"),
        "BABEL_DEFAULT_TIMEZONE": _env("DEFAULT_TIMEZONE", "Europe/Berlin"),
        "LANGUAGES": LANGUAGES,
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_FROM": _env("MAIL_FROM", "ChInValue Academy <no-reply@localhost>"),
        # Folder for outgoing mail when no SMTP server is configured ("" = instance/outbox).
        "MAIL_OUTBOX": _env("MAIL_OUTBOX"),
        # Imprint, privacy policy and contact as <page>.<lang>.md ("" = instance/legal; docs/deployment.md).
        "LEGAL_DIR": _env("LEGAL_DIR"),
        # Background jobs (app/jobs): RQ on this Redis; empty = run them in the web process (development).
        "REDIS_URL": _env("REDIS_URL"),
        "JOBS_QUEUE": _env("JOBS_QUEUE", "academy"),
        # Seconds to wait before each retry, e.g. "5,30" ("" = each job's own backoff).
        "JOBS_BACKOFF": _env("JOBS_BACKOFF"),
        # Exports with more certificates (ZIP) or members (XLSX) than this become jobs with a progress page.
        "EXPORT_JOB_THRESHOLD": _int("EXPORT_JOB_THRESHOLD", 200),
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        # Several app servers share one Redis (a prefix keeps two deployments' counts apart). While Redis is
        # unreachable each worker counts in its own memory, so limits hold, per worker, instead of failing
        # every rate-limited request; a short timeout keeps a hanging Redis from holding up the workers.
        "RATELIMIT_KEY_PREFIX": _env("RATELIMIT_KEY_PREFIX"),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": _bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True),
        "RATELIMIT_STORAGE_OPTIONS": _redis_timeouts(_env("RATELIMIT_STORAGE_URI", "memory://")),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "RESET_RATE_LIMIT": _env("RESET_RATE_LIMIT", "5 per 15 minutes;20 per day"),
        # HR API: per token, and per address (so that guessing tokens is as slow as anything else).
        "API_RATE_LIMIT": _env("API_RATE_LIMIT", "120 per minute;3000 per hour"),
        "API_ADDRESS_RATE_LIMIT": _env("API_ADDRESS_RATE_LIMIT", "300 per minute"),
        # Invitations the platform mails to outside addresses: per manager, and per company.
        "INVITATION_RATE_LIMIT": _env("INVITATION_RATE_LIMIT", "20 per hour;50 per day"),
        "INVITATION_COMPANY_RATE_LIMIT": _env("INVITATION_COMPANY_RATE_LIMIT", "60 per hour;200 per day"),
        "PASSWORD_RESET_MAX_AGE": _int("PASSWORD_RESET_MAX_AGE", 3600),
        "EMAIL_CONFIRM_MAX_AGE": _int("EMAIL_CONFIRM_MAX_AGE", 3 * 24 * 3600),
        # werkzeug's hash method: scrypt with its default cost wherever real passwords live.
        "PASSWORD_HASH_METHOD": "scrypt",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        # Server-side sessions (app/sessions), in seconds: idle timeout (not for "stay signed in"), absolute
        # lifetime, and the absolute lifetime of "stay signed in" (at most 30 days; the cookie's too).
        "SESSION_IDLE_TIMEOUT": _int("SESSION_IDLE_TIMEOUT", 2 * 3600),
        "SESSION_LIFETIME": _int("SESSION_LIFETIME", 12 * 3600),
        "SESSION_REMEMBER_LIFETIME": _int("SESSION_REMEMBER_LIFETIME", MAX_REMEMBER_SECONDS),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        "PREFERRED_URL_SCHEME": _env("PREFERRED_URL_SCHEME", "http"),
        "HSTS": False,
        # Certificates (docs/certificates.md). Without a signing key, development and tests create a
        # development CA under instance/signing/; production refuses to issue.
        "SIGNING_PKCS12": _env("SIGNING_PKCS12"),
        "SIGNING_PASSPHRASE": _env("SIGNING_PASSPHRASE"),
        "SIGNING_KEY": _env("SIGNING_KEY"),
        "SIGNING_CERT": _env("SIGNING_CERT"),
        # PEM file(s) of the CA(s) that verification uploads must chain to ("" = the development CA).
        "SIGNING_TRUST_ROOTS": _env("SIGNING_TRUST_ROOTS"),
        # Long-term validation (PAdES B-LTA): an RFC 3161 time stamping authority, contacted by the
        # server at issue time only, and the PEM root(s) its certificate chains to (required with it).
        "SIGNING_TSA_URL": _env("SIGNING_TSA_URL"),
        "SIGNING_TSA_USERNAME": _env("SIGNING_TSA_USERNAME"),
        "SIGNING_TSA_PASSWORD": _env("SIGNING_TSA_PASSWORD"),
        "SIGNING_TSA_TRUST_ROOTS": _env("SIGNING_TSA_TRUST_ROOTS"),
        # The signing CA's CRL when the signing certificate names no distribution point (or to use a
        # mirror): a URL fetched at issue time, or a file; the development CA writes its own file.
        "SIGNING_CRL_URL": _env("SIGNING_CRL_URL"),
        "SIGNING_CRL_FILE": _env("SIGNING_CRL_FILE"),
        "CERT_ISSUER": _env("CERT_ISSUER", "ChInValue Academy"),
        "CERT_LOGO": _env("CERT_LOGO"),
        "CERT_SIGNATURE_IMAGE": _env("CERT_SIGNATURE_IMAGE"),
        # Base of the verification links printed on certificates, e.g. https://academy.chinvalue.de.
        "SERVER_BASE_URL": _env("SERVER_BASE_URL"),
        # Open Badges 3.0 credentials: the ES256 (P-256) private key as PEM ("" = a development key under
        # instance/signing/; production then offers no credentials), and earlier keys' public PEM files
        # that must stay published so that credentials signed with them still verify.
        "OPENBADGES_KEY": _env("OPENBADGES_KEY"),
        "OPENBADGES_RETIRED_KEYS": _env("OPENBADGES_RETIRED_KEYS"),
        # LinkedIn's numeric ID of the issuing organisation's page, for the "add to profile" link.
        "LINKEDIN_ORGANIZATION_ID": _env("LINKEDIN_ORGANIZATION_ID"),
    }


def production_config() -> dict[str, Any]:
    """Production: a real secret, secure cookies, HSTS; PostgreSQL via DATABASE_URL."""
    config = base_config()
    secure = _bool("SESSION_COOKIE_SECURE", True)
    config.update(
        ENV_NAME="production",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SECURE=secure,
        **_host_only_cookie_names(secure),
        PREFERRED_URL_SCHEME=_env("PREFERRED_URL_SCHEME", "https"),
        HSTS=_bool("HSTS", True),
    )
    return config


def _host_only_cookie_names(secure: bool) -> dict[str, str]:
    """The "__Host-" prefix: browsers keep such cookies only if Secure, for this host alone, on every path
    (no subdomain can set or read them). Without TLS (a load test on loopback) the plain names."""
    if not secure:
        return {}
    return {"SESSION_COOKIE_NAME": "__Host-session", "REMEMBER_COOKIE_NAME": "__Host-remember_token"}


def test_config() -> dict[str, Any]:
    """Tests: TEST_DATABASE_URL (SQLite by default), no rate limits, cheap hashes, local outbox."""
    config = base_config()
    config.update(
        ENV_NAME="testing",
        TESTING=True,
        SECRET_KEY="test-secret-key-not-for-production-0123456789",
        SQLALCHEMY_DATABASE_URI=_env("TEST_DATABASE_URL") or None,
        # Limits stay on (the real mechanism), high enough for the suite; tests that check them lower them.
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_STORAGE_OPTIONS={},
        LOGIN_RATE_LIMIT="10000 per minute",
        RESET_RATE_LIMIT="10000 per minute",
        API_RATE_LIMIT="100000 per minute",
        API_ADDRESS_RATE_LIMIT="100000 per minute",
        INVITATION_RATE_LIMIT="10000 per minute",
        INVITATION_COMPANY_RATE_LIMIT="10000 per minute",
        PASSWORD_HASH_METHOD="scrypt:1024:8:1",
        MAIL_SERVER="",
        BABEL_DEFAULT_LOCALE="de",
        # Jobs run eagerly in the suite; the tests with a real worker set their own (tests/jobs).
        REDIS_URL="",
    )
    return config


CONFIGS = {"development": base_config, "production": production_config, "testing": test_config}


def load_config(config: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Resolve a config name (or a mapping of overrides on top of the testing config)."""
    if config is None:
        config = _env("APP_CONFIG", "development")
    if isinstance(config, str):
        if config not in CONFIGS:
            raise RuntimeError(f"APP_CONFIG must be one of {', '.join(CONFIGS)}, got {config!r}")
        return _with_session_limits(CONFIGS[config]())
    name = config.get("ENV_NAME", "testing")
    resolved = CONFIGS[name]()
    resolved.update(config)
    return _with_session_limits(resolved)


def _with_session_limits(config: dict[str, Any]) -> dict[str, Any]:
    """Check the session limits, and give the remember-me cookie the lifetime of its session."""
    for key in ("SESSION_IDLE_TIMEOUT", "SESSION_LIFETIME", "SESSION_REMEMBER_LIFETIME"):
        if not isinstance(config[key], int) or config[key] <= 0:
            raise RuntimeError(f"{key} must be a positive number of seconds, got {config[key]!r}")
    if config["SESSION_REMEMBER_LIFETIME"] > MAX_REMEMBER_SECONDS:
        raise RuntimeError(
            f"SESSION_REMEMBER_LIFETIME must be at most {MAX_REMEMBER_SECONDS} seconds (30 days), "
            f"got {config['SESSION_REMEMBER_LIFETIME']}"
        )
    config["REMEMBER_COOKIE_DURATION"] = config["SESSION_REMEMBER_LIFETIME"]
    return config


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse to run production with a missing, development or short secret key.

    :raises RuntimeError: with a message that says how to fix it.
    """
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing, too short or the development key. Set SECRET_KEY to a random value of "
            "at least 32 characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'."
        )
    if not str(config.get("SERVER_BASE_URL") or "").startswith("https://"):
        # Links in e-mails and on certificates must not be built from a Host header an attacker can set.
        raise RuntimeError("SERVER_BASE_URL must be set to the public https:// address of the platform.")
