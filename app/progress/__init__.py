"""Progress: what a participant has opened, passed and completed; sends the completion signal."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.progress.routes import bp

    app.register_blueprint(bp)
