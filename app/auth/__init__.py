"""Accounts: registration, sign-in, e-mail confirmation, password reset, profiles and roles."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages, command group and session check (imported here, so that importing a model loads no views)."""
    from app.auth.cli import users_cli
    from app.auth.login import install as install_login
    from app.auth.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(users_cli)
    install_login(app)
