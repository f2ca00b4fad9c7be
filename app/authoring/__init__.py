"""Trainer authoring: edit a module's text or quiz in the browser, check it, save drafts, publish revisions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.authoring.import_routes import bp as import_bp
    from app.authoring.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(import_bp)
