"""Redirect targets from user input: only paths on this site, never another host."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next_url(target: str | None, default_endpoint: str = "main.index") -> str:
    """Return ``target`` if it is a local path, else the URL of ``default_endpoint``.

    Rejects absolute URLs, scheme-relative ``//host`` and ``/\\host`` tricks, and control characters.
    """
    fallback = url_for(default_endpoint)
    if not target or len(target) > 2000:
        return fallback
    if any(ord(c) < 32 or c == "\\" for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
