"""Companies: organisations, their managers and members, invitations and the managers' reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and command group (imported here, so that importing a model loads no views)."""
    from app.orgs import navigation
    from app.orgs.admin import bp as admin_bp
    from app.orgs.cli import orgs_cli
    from app.orgs.export_pages import bp as exports_bp
    from app.orgs.routes import bp as routes_bp

    navigation.install()  # the navigation's question rides on the session check
    app.register_blueprint(routes_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(exports_bp)  # large company exports made by jobs
    app.cli.add_command(orgs_cli)
