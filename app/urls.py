"""Absolute URLs for links that leave the browser: e-mails, certificates.

They are built from the configured SERVER_BASE_URL, never from the request's Host header: an attacker who
sends a password-reset request with ``Host: evil.example`` must not receive a link to their own server.
"""

from flask import current_app, url_for


def external_url(endpoint: str, **values: object) -> str:
    """``https://academy.example.org/path`` for ``endpoint``; development falls back to the request host."""
    base = (current_app.config.get("SERVER_BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
