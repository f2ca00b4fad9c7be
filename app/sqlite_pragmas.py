"""SQLite needs foreign keys switched on per connection, and WAL for concurrent readers."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db


def install(app: Flask) -> None:
    """Enable foreign keys (and WAL for file databases) on every new SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # With WAL, NORMAL never corrupts the database; a power cut may lose the last commits only.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
