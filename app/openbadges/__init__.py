"""Open Badges 3.0: each certificate as a signed verifiable credential, with the issuer's public pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages (imported here, so that importing a model loads no views)."""
    from app.openbadges.routes import bp

    app.register_blueprint(bp)
