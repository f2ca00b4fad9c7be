"""Workshops: the live half of the series (dates, registration, attendance, blended certificates)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages, command group and mail hook (imported here, so that importing a model loads no views)."""
    from app.workshops.cli import workshops_cli
    from app.workshops.notices import install as install_notices
    from app.workshops.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(workshops_cli)
    install_notices()  # workshop mail leaves after the commit
