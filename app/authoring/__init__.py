"""Trainer authoring: edit a module's text or quiz in the browser, check it, save drafts, publish revisions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.authoring import history_routes, import_routes, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(history_routes.bp)
    app.register_blueprint(import_routes.bp)
