"""Languages: the interface language of a request, the language switcher and the catalogs' command line."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feature's pages and command group (imported here, so that importing a model loads no views)."""
    from app.i18n.cli import translate_cli
    from app.i18n.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(translate_cli)
