"""Learning analytics for trainers: the cohort view and item analysis of quizzes, per language."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.analytics.attempts import bp as attempts_bp
    from app.analytics.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(attempts_bp)
