"""The front pages and the error pages every feature shares."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and error pages (imported here, so that importing a model loads no views)."""
    from app.main.errors import install as install_error_pages
    from app.main.routes import bp

    app.register_blueprint(bp)
    install_error_pages(app)
