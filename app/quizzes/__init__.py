"""Quizzes: taking a module's quiz, its review, and the quiz files' command line."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and command group (imported here, so that importing a model loads no views)."""
    from app.quizzes.cli import quiz_cli
    from app.quizzes.override_routes import bp as overrides_bp
    from app.quizzes.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(overrides_bp)
    app.cli.add_command(quiz_cli)
