"""Personal data: a participant downloads everything the platform holds about them, or deletes their account.

``export.py`` and ``deletion.py`` are the domain (plain functions, no request); ``routes.py`` the pages.
What is stored, exported and deleted is described for people in docs/privacy.md.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.privacy.routes import bp

    app.register_blueprint(bp)
