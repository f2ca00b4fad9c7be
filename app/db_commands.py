"""`flask db` (Flask-Migrate), bound to the app when first used.

Flask-Migrate imports Alembic and Mako (about a second of CPU), which every `flask` command, test run and
server start paid for commands run once per release. The factory registers a stand-in group with the same
name and help; when `flask db …` is run (or its help is asked for), the stand-in binds Flask-Migrate and
hands over to Flask-Migrate's own group, options and commands (with the unit of work every command gets).
Python callers of ``flask_migrate.upgrade()`` (tests, bench) find the binding through ``app.extensions``,
which binds it on first lookup.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from flask import Flask

#: Flask-Migrate's options: batch mode for SQLite's ALTER TABLE, column types compared by `flask db check`.
MIGRATE_OPTIONS = {"render_as_batch": True, "compare_type": True}
#: Flask-Migrate's own help line for the group, shown by `flask --help`.
HELP = "Perform database migrations."


class _Extensions(dict[str, Any]):
    """``app.extensions`` that binds Flask-Migrate when something first looks up ``"migrate"``."""

    def __init__(self, app: Flask, items: dict[str, Any]) -> None:
        super().__init__(items)
        self._app = app

    def __missing__(self, key: str) -> Any:
        if key != "migrate":
            raise KeyError(key)
        bind(self._app)
        return dict.__getitem__(self, key)


class _DbGroup(click.Group):
    """Stands in for Flask-Migrate's `db` group until that is bound; then every use goes to the real one."""

    def __init__(self, app: Flask) -> None:
        super().__init__("db", help=HELP)
        self._app = app

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        return bind(self._app).make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return bind(self._app).list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return bind(self._app).get_command(ctx, name)


def install(app: Flask) -> None:
    """Register `flask db` without importing Flask-Migrate (and Alembic)."""
    app.extensions = _Extensions(app, app.extensions)
    app.cli.add_command(_DbGroup(app))


def bind(app: Flask) -> click.Group:
    """Bind Flask-Migrate to ``app`` once and return its `db` group."""
    if not dict.__contains__(app.extensions, "migrate"):
        # Alembic announces its plugins at INFO while it is imported, which now follows the logging setup.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
        from flask_migrate import Migrate

        from app.extensions import db
        from app.unit_of_work import install_commands

        Migrate(app, db, **MIGRATE_OPTIONS)  # sets app.extensions["migrate"] and replaces the stand-in
        install_commands(app)  # the real group's commands get the unit of work, as before
    return app.cli.commands["db"]  # type: ignore[return-value]
