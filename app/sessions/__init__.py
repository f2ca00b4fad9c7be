"""Server-side sign-in sessions: each browser's sign-in is a row that can end on the server."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and command group (imported here, so that importing a model loads no views)."""
    from app.sessions.cli import sessions_cli
    from app.sessions.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(sessions_cli)
