"""The demo: accounts, courses, a simulated cohort, a certificate and a company for `flask demo load`."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's command group (imported here, so that importing a model loads no views)."""
    from app.demo.cli import demo_cli

    app.cli.add_command(demo_cli)
