"""The access walk's scene and a snapshot of the database to prove that a refused request changed nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from app.extensions import db
from tests.fixtures.accounts import Auth

MAX_ID = 2147483647


@dataclass
class Scene:
    #: persona -> e-mail address (anonymous has none)
    emails: dict[str, str]
    #: placeholder -> value, for the paths and forms of the expectations table
    ids: dict[str, Any]
    #: API token secrets: "a", "b" (the companies') and "revoked" (an old one of A)
    secrets: dict[str, str]
    #: per company ("a", "b"): its people's names and e-mail addresses and its team names, which nobody
    #: outside the company may see (public verification pages aside)
    private: dict[str, list[str]] = field(default_factory=dict)
    #: per company: ``private`` plus its certificate ids, invitation codes, token prefixes and labels
    marks: dict[str, list[str]] = field(default_factory=dict)
    #: per company ("a", "b"): the user ids of its people
    people: dict[str, set[int]] = field(default_factory=dict)


def signed_in_client(app, email: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert Auth(client).login(email).status_code == 302, email
    return client


def one(app, query) -> Any:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(query)


#: Bookkeeping that any request of a signed-in person may write (at most once a minute), not a change.
BOOKKEEPING = {"user_sessions": ("last_seen_at", "ip")}
#: Ledgers of what was delivered (a reset mail to an address typed into a public form): not a change of data.
LEDGERS = {"mail_deliveries"}


def _table_digest(table, dialect: str) -> str:  # type: ignore[no-untyped-def]
    """SQL for one text (PostgreSQL: an MD5) summing up every row of ``table``, in a stable order."""
    name = f'"{table.name}"'  # names from our own metadata, never from input
    columns = [f'"{c.name}"' for c in table.columns if c.name not in BOOKKEEPING.get(table.name, ())]
    if dialect == "postgresql":
        row = f"ROW({', '.join(columns)})::text"
        return f"SELECT md5(coalesce(string_agg({row}, '|' ORDER BY {row}), '')) FROM {name} t"  # noqa: S608
    row = " || ',' || ".join(f"quote({column})" for column in columns)
    return f"SELECT group_concat(r, '|') FROM (SELECT {row} AS r FROM {name} ORDER BY r)"  # noqa: S608


def snapshot(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A digest of every table's rows, read in one round trip: equal snapshots mean nothing was written."""
    tables = [table for table in db.metadata.sorted_tables if table.name not in LEDGERS]
    with app.app_context(), db.engine.connect() as conn:
        digests = ", ".join(f"({_table_digest(table, conn.dialect.name)})" for table in tables)
        values = conn.execute(text(f"SELECT {digests}")).one()
    return {
        table.name: hashlib.sha256((value or "").encode()).hexdigest()
        for table, value in zip(tables, values, strict=True)
    }


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))
