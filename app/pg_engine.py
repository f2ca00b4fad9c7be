"""What the app's PostgreSQL engine is made with: cursors that make the columns of ``cursor.description`` only
when someone reads them, and a pool that hands out the connection given back last.

psycopg makes one ``Column`` object per column each time ``cursor.description`` is read, and SQLAlchemy
reads it after every statement, where a statement run before only needs to know whether rows came back:
the result's columns are cached with the compiled statement. On a signed-in page (the session check's 24
columns and the page's own statement) those objects were about 7 % of the instructions of a request
(module page on PostgreSQL 4.58 → 4.27 M, bench/instructions.py).

The cursor class is psycopg's, chosen through its ``cursor_factory`` (as SQLAlchemy's documentation
chooses ``ClientCursor``); only ``description`` differs: for a result with columns it is a sequence whose
length is known at once and whose columns psycopg makes on first access. Like psycopg's own it describes the
cursor's current result, so it must be read before the cursor's next statement: read later it refuses
rather than describe another result.

A worker's pool holds two connections as soon as a request has used a second one (the session check writes
"last seen" on a connection of its own), and a first-in-first-out pool then alternates between them: every
request woke the PostgreSQL process that had waited longest, whose caches the other had meanwhile pushed
out. Last-in-first-out keeps using one (the other waits, and is checked like any other when it is needed):
PostgreSQL's CPU per request 201 → 172 µs (module page) and 205 → 172 µs (My learning), medians of eight
alternating blocks of 500 requests in one process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

import psycopg
from flask import Flask

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult


class Description(Sequence[psycopg.Column]):
    """The columns of one result of ``cursor``, made by psycopg when first read."""

    __slots__ = ("_columns", "_cursor", "_result")

    def __init__(self, cursor: DescribedOnDemand, result: PGresult) -> None:
        self._cursor, self._result = cursor, result
        self._columns: list[psycopg.Column] | None = None

    def __len__(self) -> int:
        return self._result.nfields

    @overload
    def __getitem__(self, index: int) -> psycopg.Column: ...
    @overload
    def __getitem__(self, index: slice) -> list[psycopg.Column]: ...
    def __getitem__(self, index: int | slice) -> psycopg.Column | list[psycopg.Column]:
        return self._made()[index]

    def __repr__(self) -> str:
        return repr(self._made())

    def _made(self) -> list[psycopg.Column]:
        if self._columns is None:
            if self._cursor.pgresult is not self._result:
                raise RuntimeError("this description's result is gone: the cursor has run another statement")
            self._columns = self._cursor.columns()
        return self._columns


class DescribedOnDemand(psycopg.Cursor[Any]):
    """psycopg's cursor, whose ``description`` makes its columns when they are read."""

    @property
    def description(self) -> Sequence[psycopg.Column] | None:  # type: ignore[override]
        result = self.pgresult
        if result is None or not result.nfields:
            return super().description  # None, or [] for a result without columns ("SELECT;")
        return Description(self, result)

    def columns(self) -> list[psycopg.Column]:
        """psycopg's description of the current result, made now."""
        columns = super().description
        assert columns is not None
        return columns


def install(app: Flask) -> None:
    """Such cursors and a last-in-first-out pool for the app's PostgreSQL engine (before it is created)."""
    options = {"pool_use_lifo": True, **(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}
    options["connect_args"] = {"cursor_factory": DescribedOnDemand, **options.get("connect_args", {})}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
