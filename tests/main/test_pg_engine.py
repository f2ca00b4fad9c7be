"""The app's PostgreSQL engine (app/pg_engine.py): cursors make the columns of ``description`` on first
access and say the same as psycopg's own cursors; the pool hands out the connection given back last.
PostgreSQL only."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.auth.models import User
from app.extensions import db
from app.pg_engine import DescribedOnDemand

QUERY = "SELECT 1 AS one, 'x'::varchar(5) AS two, now() AS three"


@pytest.fixture
def raw(app):
    """A psycopg connection of the app's pool."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("psycopg's cursors: PostgreSQL only")
        connection = db.engine.raw_connection()
        try:
            yield connection.driver_connection
        finally:
            connection.close()


def _described(columns) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return [(column.name, column.type_code, column.internal_size, tuple(column)) for column in columns]


def test_the_apps_connections_make_such_cursors(raw):
    with raw.cursor() as cursor:
        assert type(cursor) is DescribedOnDemand


def test_a_description_says_what_psycopgs_own_says(raw):
    import psycopg

    with raw.cursor() as ours, psycopg.Cursor(raw) as theirs:
        ours.execute(QUERY)
        theirs.execute(QUERY)
        assert len(ours.description) == 3
        assert _described(ours.description) == _described(theirs.description)
        assert [column.name for column in ours.description[1:]] == ["two", "three"]
        assert ours.description[-1].name == "three"
        with pytest.raises(IndexError):
            ours.description[3]  # noqa: B018


def test_no_rows_no_columns(raw):
    with raw.cursor() as cursor:
        assert cursor.description is None  # nothing run yet
        cursor.execute("CREATE TEMPORARY TABLE scratch (n integer)")
        assert cursor.description is None
        cursor.execute("UPDATE scratch SET n = 1")
        assert cursor.description is None
        cursor.execute("SELECT")  # rows without columns
        assert cursor.description == []
    raw.rollback()


def test_a_description_read_before_the_next_statement_keeps_its_columns(raw):
    with raw.cursor() as cursor:
        cursor.execute(QUERY)
        read, unread = cursor.description, cursor.description
        assert [column.name for column in read] == ["one", "two", "three"]
        cursor.execute("SELECT 2 AS other")
        assert [column.name for column in read] == ["one", "two", "three"]
        with pytest.raises(RuntimeError, match="another statement"):
            list(unread)  # refuses to describe the other statement's result
        assert [column.name for column in cursor.description] == ["other"]
    raw.rollback()


def test_results_have_their_columns_through_sqlalchemy(app_ctx, create_user):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursors: PostgreSQL only")
    user = create_user(email="anna@example.org")
    for _ in range(2):  # the second run takes the compiled statement's cached columns
        rows = db.session.execute(select(User.id, User.email).where(User.id == user.id)).all()
        assert [row._asdict() for row in rows] == [{"id": user.id, "email": "anna@example.org"}]
        textual = db.session.execute(text("SELECT email AS address, id FROM users")).mappings().all()
        assert textual == [{"address": "anna@example.org", "id": user.id}]


def test_the_pool_hands_out_the_connection_given_back_last(app):
    """Two pooled connections (a request that wrote "last seen" on a second one): the pages keep using one."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the PostgreSQL engine's pool")
        first, second = db.engine.raw_connection(), db.engine.raw_connection()
        last = second.driver_connection.info.backend_pid
        first.close()
        second.close()  # given back last
        for _ in range(3):
            connection = db.engine.raw_connection()
            try:
                assert connection.driver_connection.info.backend_pid == last
            finally:
                connection.close()
