"""Workshops: the live half of the series (dates, registration, attendance, blended certificates)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages, command group and completion receiver (imported here, so that importing a model loads no views)."""
    from app.progress.signals import course_completed
    from app.workshops.certify import on_course_completed
    from app.workshops.cli import workshops_cli
    from app.workshops.company_routes import bp as company_bp
    from app.workshops.editing import bp as editing_bp
    from app.workshops.manual_routes import bp as manual_bp
    from app.workshops.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(editing_bp)
    app.register_blueprint(company_bp)
    app.register_blueprint(manual_bp)
    app.cli.add_command(workshops_cli)
    course_completed.connect(on_course_completed)  # a completed course may finish a blended certificate
