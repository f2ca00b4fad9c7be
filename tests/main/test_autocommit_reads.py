"""PostgreSQL: statements that only read run outside a transaction until the first that does not
(app/autocommit_reads.py). A page that only reads sends no BEGIN and no COMMIT; whatever writes, locks or
takes a savepoint runs in the transaction, with everything after it, as before.

What the driver sends is read from libpq's protocol trace of the pool's connections: psycopg sends the
transaction commands and statements without parameters as simple queries (``Query "BEGIN"``), the others
as a ``Bind`` each (prepared or not).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError

from app import create_app
from app.courses.models import Course
from app.extensions import db
from app.jobs.models import JobRun
from app.progress.models import CourseProgress
from app.progress.services import _LOCKED_COURSE_ROW

TRANSACTION_COMMANDS = ("BEGIN", "COMMIT", "ROLLBACK")
#: Simple queries told apart by their first words; any other counts as "statement".
COMMANDS = (*TRANSACTION_COMMANDS, "SAVEPOINT", "RELEASE", "ROLLBACK TO")


@contextmanager
def sent(engine) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """What the pool's connections send to the server inside the block: the transaction and savepoint
    commands (BEGIN, COMMIT, SAVEPOINT, ROLLBACK TO …) and "statement" for every other statement.
    Connections checked out before the block are not traced."""
    from psycopg import pq

    messages: list[str] = []
    with tempfile.TemporaryFile() as trace:

        def start(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.pgconn.trace(trace.fileno())
            dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

        def stop(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            if dbapi_connection is not None:
                dbapi_connection.pgconn.untrace()

        event.listen(engine, "checkout", start)
        event.listen(engine, "checkin", stop)
        try:
            yield messages
        finally:
            event.remove(engine, "checkout", start)
            event.remove(engine, "checkin", stop)
            trace.seek(0)
            for line in trace.read().decode().splitlines():
                parts = line.split("\t")
                if parts[0] == "F" and parts[2] == "Query":
                    words = parts[3].strip().strip('"').upper().split()
                    two, one = " ".join(words[:2]), words[0]
                    messages.append(two if two in COMMANDS else one if one in COMMANDS else "statement")
                elif parts[0] == "F" and parts[2] == "Bind":
                    messages.append("statement")


def _transaction_commands(messages: list[str]) -> list[str]:
    return [m for m in messages if m in TRANSACTION_COMMANDS]


@pytest.mark.parametrize("path", ["/courses/sample/basics", "/courses/sample", "/learning", "/courses"])
def test_a_signed_in_page_that_only_reads_sends_no_begin_or_commit(
    app, postgres, client, sample, create_user, auth, path
):
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    for warm_up in ("/courses/sample/basics", path):  # the module's first visit writes its progress
        assert client.get(warm_up).status_code == 200
    with sent(postgres) as messages:
        assert client.get(path).status_code == 200
    assert messages.count("statement") >= 2  # the session check and the page's own read
    assert _transaction_commands(messages) == []


@pytest.fixture
def writing_app(app, postgres):
    """An app of its own on the test database, with a page that reads, writes twice and may then fail."""
    writer = create_app("testing")
    writer.config["PROPAGATE_EXCEPTIONS"] = False
    outside: list[int] = []

    @writer.get("/_read_write_write")
    def read_write_write():  # type: ignore[no-untyped-def]
        from flask import request

        db.session.scalar(select(func.count()).select_from(JobRun))
        db.session.add(JobRun(name="first", args=[]))
        db.session.flush()
        with db.engine.connect() as other:  # another connection must not see the first write yet
            outside.append(other.scalar(select(func.count()).select_from(JobRun)))
        db.session.add(JobRun(name="second", args=[]))
        db.session.flush()
        if request.args.get("fail"):
            raise RuntimeError("the page failed after its writes")
        return "written"

    writer.outside = outside  # type: ignore[attr-defined]
    yield writer
    with writer.app_context():
        db.engine.dispose()


def _names(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        names = sorted(db.session.scalars(select(JobRun.name)))
        db.session.remove()
        return names


def test_a_page_that_writes_commits_its_writes_in_one_transaction(app, writing_app):
    with writing_app.app_context():
        engine = db.engine
    with sent(engine) as messages:
        response = writing_app.test_client().get("/_read_write_write")
    assert response.status_code == 200
    assert writing_app.outside == [0]  # the first write was inside the transaction, unseen until the commit
    assert _names(app) == ["first", "second"]
    # the read alone outside; BEGIN before the first write; one commit for both
    assert messages[:2] == ["statement", "BEGIN"]
    assert _transaction_commands(messages) == ["BEGIN", "COMMIT"]


def test_a_page_that_fails_after_its_writes_stores_none_of_them(app, writing_app):
    response = writing_app.test_client().get("/_read_write_write?fail=1")
    assert response.status_code == 500
    assert writing_app.outside == [0]
    assert _names(app) == []


def _lock_is_held(engine, statement: str, **values: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether another connection, waiting at most 50 ms, is refused what ``statement`` asks for."""
    with engine.connect() as other:
        other.execute(text("SET lock_timeout = '50ms'"))
        try:
            result = other.execute(text(statement), values).scalar()
        except DBAPIError as error:
            assert "lock timeout" in str(error.orig)
            return True
        finally:
            other.rollback()
    return result is False  # pg_try_advisory_xact_lock: False when another transaction holds it


LOCKING_READS = {
    "ORM FOR UPDATE": lambda ids: select(JobRun).where(JobRun.id == ids[0]).with_for_update(),
    "FOR SHARE in a subquery": lambda ids: select(func.count()).select_from(
        select(JobRun.id).where(JobRun.id == ids[0]).with_for_update(read=True).subquery()
    ),
    "text": lambda ids: text("SELECT id FROM job_runs WHERE id = :id FOR UPDATE").bindparams(id=ids[0]),
}


@pytest.mark.parametrize("name", list(LOCKING_READS))
def test_a_select_that_locks_as_first_statement_holds_its_lock_until_the_commit(app, postgres, name):
    with app.app_context():
        db.session.add(JobRun(name="locked", args=[]))
        db.session.commit()
        ids = [db.session.scalar(select(JobRun.id))]
        db.session.remove()
        db.session.execute(LOCKING_READS[name](ids)).all()  # the request's first statement
        other = "SELECT id FROM job_runs WHERE id = :id FOR UPDATE"
        assert _lock_is_held(postgres, other, id=ids[0])
        db.session.commit()
        assert not _lock_is_held(postgres, other, id=ids[0])


def test_an_advisory_lock_taken_by_a_select_is_held_until_the_commit(app, postgres):
    with app.app_context():
        db.session.execute(select(func.pg_advisory_xact_lock(4711)))
        assert _lock_is_held(postgres, "SELECT pg_try_advisory_xact_lock(4711)")
        db.session.commit()
        assert not _lock_is_held(postgres, "SELECT pg_try_advisory_xact_lock(4711)")


def test_the_course_rows_lock_is_held_until_the_commit(app, postgres, sample, create_user):
    """The lock refresh_course takes first (app/progress/services.py), on a request's first statement."""
    user = create_user(email="paula@example.org")
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
        db.session.add(CourseProgress(user_id=user.id, course_id=course_id))
        db.session.commit()
        db.session.remove()
        assert db.session.scalar(_LOCKED_COURSE_ROW, {"user_id": user.id, "course_id": course_id})
        other = "SELECT id FROM course_progress WHERE user_id = :id FOR UPDATE"
        assert _lock_is_held(postgres, other, id=user.id)
        db.session.commit()
        assert not _lock_is_held(postgres, other, id=user.id)


def test_a_savepoint_as_the_first_thing_works(app, postgres):
    with app.app_context():
        with sent(postgres) as messages:
            with db.session.begin_nested():
                db.session.add(JobRun(name="kept", args=[]))
            try:
                with db.session.begin_nested():
                    db.session.add(JobRun(name="undone", args=[]))
                    db.session.flush()
                    raise LookupError
            except LookupError:
                pass
            db.session.commit()
        db.session.remove()
    assert _names(app) == ["kept"]
    assert messages[:2] == ["BEGIN", "SAVEPOINT"]
    assert _transaction_commands(messages) == ["BEGIN", "COMMIT"]


def test_a_connection_that_failed_in_its_transaction_comes_back_usable_and_reading_outside(app, postgres):
    from psycopg.pq import TransactionStatus

    postgres.dispose()  # one connection in the pool: the next checkout gets the failed one back
    with app.app_context():
        db.session.add(JobRun(name="lost", args=[]))
        db.session.flush()
        failed = db.session.connection().connection.dbapi_connection
        with pytest.raises(DBAPIError):
            db.session.execute(text("SELECT 1 / 0"))
        assert failed.info.transaction_status == TransactionStatus.INERROR
        db.session.remove()  # back to the pool without a rollback of ours: the pool's reset
        with sent(postgres) as messages:
            assert db.session.scalar(select(func.count()).select_from(JobRun)) == 0
            again = db.session.connection().connection.dbapi_connection
            assert again is failed
            assert again.autocommit and again.info.transaction_status == TransactionStatus.IDLE
            db.session.commit()
        db.session.remove()
    assert messages == ["statement"]


def test_a_connection_set_to_another_isolation_level_reads_in_its_transaction(app, postgres):
    """A longer snapshot (REPEATABLE READ) needs its reads inside the transaction; setting the level leaves
    autocommit, and the connection reads outside again once the pool has it back."""
    postgres.dispose()
    with sent(postgres) as messages:
        with postgres.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            connection.scalar(select(func.count()).select_from(JobRun))
            assert connection.scalar(text("SHOW transaction_isolation")) == "repeatable read"
            connection.commit()
        with postgres.connect() as connection:
            connection.scalar(select(func.count()).select_from(JobRun))
            assert connection.connection.dbapi_connection.autocommit
            connection.commit()
    assert messages == ["BEGIN", "statement", "statement", "COMMIT", "statement"]


def _job_ids():  # type: ignore[no-untyped-def]
    return select(JobRun.id).where(JobRun.name == "x")


#: name → (statement, whether it may run outside the transaction); compiled for PostgreSQL without a server.
VERDICTS = {
    "ORM select": (lambda: select(JobRun).where(JobRun.id == 1), True),
    "UNION ALL of selects": (lambda: _job_ids().union_all(_job_ids()), True),
    "pure functions": (lambda: select(func.count(), func.coalesce(func.max(JobRun.id), 0)), True),
    "FOR UPDATE": (lambda: _job_ids().with_for_update(), False),
    "FOR NO KEY UPDATE": (lambda: _job_ids().with_for_update(key_share=True), False),
    "FOR SHARE in a subquery": (lambda: select(func.count()).select_from(_job_ids().with_for_update(read=True).subquery()), False),
    "advisory lock": (lambda: select(func.pg_advisory_xact_lock(1)), False),
    "nextval": (lambda: select(func.nextval("job_runs_id_seq")), False),
    "a quoted function": (lambda: select(getattr(func, "my function")()), False),
    "data-modifying CTE": (lambda: select(text("1")).add_cte(
        JobRun.__table__.delete().returning(JobRun.id).cte("gone")), False),
    "text SELECT": (lambda: text("SELECT 1"), False),
    "INSERT": (lambda: JobRun.__table__.insert().values(name="x"), False),
}  # fmt: skip


@pytest.mark.parametrize("name", list(VERDICTS))
def test_what_counts_as_a_plain_read(name):
    from sqlalchemy.dialects import postgresql

    from app.autocommit_reads import is_plain_read

    statement, plain = VERDICTS[name]
    assert is_plain_read(statement().compile(dialect=postgresql.dialect())) is plain
