"""The HR API: company data as JSON for other systems, behind per-company bearer tokens."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's API and token command (imported here, so that importing a model loads no views)."""
    from app.hrapi.cli import token
    from app.hrapi.manage import bp as manage_bp
    from app.hrapi.routes import bp as routes_bp
    from app.orgs.cli import orgs_cli

    app.register_blueprint(routes_bp)
    app.register_blueprint(manage_bp)
    orgs_cli.add_command(token)  # `flask orgs token NAME`: the companies' group, the API's command
