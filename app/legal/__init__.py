"""Imprint, privacy policy and contact: texts the operator writes per language (docs/deployment.md)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the legal pages (imported here, so that importing the package loads no views)."""
    from app.legal.routes import bp

    app.register_blueprint(bp)
