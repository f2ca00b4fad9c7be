"""Certificates: issued on completion (a receiver of the progress feature's signal), signed PDFs, verification."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages, command group and signal receiver (imported here, so that importing a model loads no views)."""
    from app.certificates.admin import bp as admin_bp
    from app.certificates.api import bp as api_bp
    from app.certificates.cli import certs_cli
    from app.certificates.handlers import issue_on_completion
    from app.certificates.routes import bp as routes_bp
    from app.progress.signals import course_completed

    app.register_blueprint(routes_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(certs_cli)
    course_completed.connect(issue_on_completion)  # completing a course issues its certificate
