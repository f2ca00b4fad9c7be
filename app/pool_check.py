"""A pooled PostgreSQL connection is checked before each use without a round trip.

``pool_pre_ping`` sent a ``SELECT 1`` (and its ``BEGIN``) on every checkout, that is on every request: on
a short page the ping cost as much as a query. Instead, a connection waiting in the pool must have
nothing to read: when the server closes it (a restart, ``pg_terminate_backend``, an idle timeout) it
sends its last message and closes the socket, which makes the socket readable. Such a connection is
thrown away and the pool hands out another (a new one once the server is back). Nothing else arrives
unasked on an idle connection (no LISTEN here; over TLS PostgreSQL sends no session tickets and does not
renegotiate), and a false alarm would only cost a new connection. A connection lost in a
way the socket does not show (a host gone without a word) fails at its first statement instead: the
request answers the 503 retry page (app/main/outage.py), and SQLAlchemy discards the pool's connections
of that age, so the next request connects anew. ``pool_recycle`` (app/config.py) retires connections
before firewalls and proxies drop idle ones silently.
"""

from __future__ import annotations

import select
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from app.extensions import db


def has_word_from_server(dbapi_connection: Any) -> bool:
    """Whether an idle psycopg connection's socket has something to read (or was closed by the server):
    an idle connection receives nothing we asked for, so it is a farewell."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    poller = select.poll()  # not select.select: it fails for descriptors above 1023
    poller.register(dbapi_connection.pgconn.socket, select.POLLIN)
    return bool(poller.poll(0))


def install(app: Flask) -> None:
    """Check PostgreSQL connections on checkout; SQLite connections are files and cannot be lost."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "checkout")
    def _refuse_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if has_word_from_server(dbapi_connection):
            raise DisconnectionError("the server closed this pooled connection")
