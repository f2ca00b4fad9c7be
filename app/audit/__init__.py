"""Audit log: security-relevant events that admins can read."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's command group (imported here, so that importing a model loads no views)."""
    from app.audit.cli import audit_cli

    app.cli.add_command(audit_cli)
