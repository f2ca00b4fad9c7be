"""Courses: the catalogue, module pages and the course files' command line."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and command group (imported here, so that importing a model loads no views)."""
    from app.courses import structure
    from app.courses.cli import courses_cli
    from app.courses.routes import bp

    structure.install()  # the content stamp rides on the session check

    app.register_blueprint(bp)
    app.cli.add_command(courses_cli)
