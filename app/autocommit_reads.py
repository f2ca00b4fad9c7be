"""On PostgreSQL, statements that only read run outside a transaction until the first one that does not.

A page that only reads paid a ``BEGIN`` and a ``COMMIT`` besides its statements: two round trips, each
costing the client a system call or two and the server a wake-up. Instead each pooled connection is handed
out in psycopg's autocommit mode; before the first statement that is not a plain read it leaves autocommit,
and psycopg then sends ``BEGIN`` itself before that statement, so that statement, every later one and the
request's commit form one transaction as before. Every checkout starts over in autocommit. A commit or a
rollback of a connection that began nothing sends nothing (psycopg skips both on an idle connection).

Why it is safe: we run at READ COMMITTED (PostgreSQL's default; nothing here asks for another level), where
each statement takes its own snapshot inside a transaction too, so a plain read sees the same rows either
way. What a transaction does hold — row locks, savepoints, writes, session settings — always happens inside
it, because only a plain read may run outside (:func:`is_plain_read`): a SELECT (or a UNION of SELECTs)
built with SQLAlchemy's expressions whose SQL has no ``FOR UPDATE``/``SHARE`` (a subquery's included), no
data-modifying CTE, and calls only functions known to neither write nor lock; it is not streamed through a
server-side cursor, which PostgreSQL allows only in a transaction. Text SQL, ``exec_driver_sql``,
savepoints, DML and DDL all begin the transaction. A connection already in its transaction stays in it.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.sql import CompoundSelect, Select
from sqlalchemy.sql.compiler import Compiled

from app.extensions import db

#: Functions, type names and keywords followed by "(" in our SELECTs, none of which writes or locks. Anything
#: else called in a SELECT (pg_advisory_xact_lock, nextval, set_config, a function of our own) begins the
#: transaction first.
PURE_FUNCTIONS = frozenset(
    """
    abs all and any as avg between by case cast ceil char_length coalesce count date date_trunc distinct
    else exists extract filter floor from greatest having in is join least length like lower max min not
    nullif numeric on or over round select sum then trim upper using values varchar when where
    """.split()
)

#: A name called with "(", or a quoted one (never in PURE_FUNCTIONS: "my function"(…) begins the transaction).
_CALLED = re.compile(r"([A-Za-z_][\w.$]*|\")\s*\(")
#: A row lock anywhere in the statement (a subquery's too), or a data-modifying CTE.
_LOCKS_OR_WRITES = re.compile(
    r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b|\(\s*(?:INSERT|UPDATE|DELETE|MERGE)\b", re.I
)

#: Compiled statement → whether it is a plain read; decided once per statement the engine's cache keeps.
_verdicts: weakref.WeakKeyDictionary[Compiled, bool] = weakref.WeakKeyDictionary()


def is_plain_read(compiled: Compiled | None) -> bool:
    """Whether the statement compiled as ``compiled`` only reads and takes no lock (None: driver SQL)."""
    if compiled is None:
        return False
    verdict = _verdicts.get(compiled)
    if verdict is None:
        verdict = _verdicts[compiled] = _reads_only(compiled)
    return verdict


def _reads_only(compiled: Compiled) -> bool:
    """A SELECT (or a UNION of SELECTs) built with SQLAlchemy's expressions — not text — whose SQL locks no
    row, holds no data-modifying CTE and calls only :data:`PURE_FUNCTIONS`. Judged on the SQL as sent, so
    that a subquery's ``FOR UPDATE`` or a function an ORM column adds counts as well."""
    if not isinstance(compiled.statement, (Select, CompoundSelect)):
        return False
    sql = compiled.string
    if _LOCKS_OR_WRITES.search(sql):
        return False
    return all(name.lower() in PURE_FUNCTIONS for name in _CALLED.findall(sql))


def install(app: Flask) -> None:
    """PostgreSQL only: SQLite's connections and transactions are left as they are."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    from psycopg import ServerCursor  # the driver of PostgreSQL URLs (app/__init__.py); SQLite never loads it

    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "checkout")
    def _read_outside(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        # Returned connections were rolled back (or committed) by the pool or their owner: idle, so that
        # psycopg allows the switch, which sends nothing.
        dbapi_connection.autocommit = True

    def _begin_unless_read(cursor: Any, context: ExecutionContext | None) -> None:
        connection = cursor.connection
        if connection.autocommit and (
            not is_plain_read(context.compiled if context else None) or isinstance(cursor, ServerCursor)
        ):
            connection.autocommit = False  # psycopg sends BEGIN before this statement

    # The dialect's execution events, not the connection's before_cursor_execute: with a connection event
    # on the engine every request's Connection assembles its event lists anew (+0.17 M instructions).
    # Each returns None, so SQLAlchemy then executes the statement itself.
    @event.listens_for(engine, "do_execute")
    def _execute(cursor: Any, _statement: str, _parameters: Any, context: ExecutionContext | None) -> None:
        _begin_unless_read(cursor, context)

    @event.listens_for(engine, "do_execute_no_params")
    def _execute_no_params(cursor: Any, _statement: str, context: ExecutionContext | None) -> None:
        _begin_unless_read(cursor, context)

    @event.listens_for(engine, "do_executemany")
    def _executemany(
        cursor: Any, _statement: str, _parameters: Any, context: ExecutionContext | None
    ) -> None:
        _begin_unless_read(cursor, context)
