"""Background jobs: RQ on Redis when ``REDIS_URL`` is set, else eagerly in this process (docs/architecture.md)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the admins' page and the ``flask worker`` command."""
    from app.jobs.admin import bp
    from app.jobs.cli import worker

    app.register_blueprint(bp)
    app.cli.add_command(worker)
