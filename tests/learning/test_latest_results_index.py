"""My learning's latest results come from the index on (user_id, submitted_at), newest first: the person's
newest submissions, not all their attempts sorted, nor (PostgreSQL's generic plan of the prepared
statement, on the demo) every attempt walked by date and filtered by person. Migration 0020 adds it (in place of the index on user_id alone)."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from app.progress.routes import _PAGE, _RECENT
from tests.test_migrations import empty_database

INDEX = "ix_quiz_attempts_user_id_submitted_at"


def _index(engine) -> dict | None:  # type: ignore[no-untyped-def, type-arg]
    found = [index for index in inspect(engine).get_indexes("quiz_attempts") if index["name"] == INDEX]
    return found[0] if found else None


def test_0020_adds_and_removes_the_index_of_latest_results(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0019")
            assert _index(db.engine) is None
            upgrade(revision="0020")
            index = _index(db.engine)
            assert index is not None
            assert index["column_names"] == ["user_id", "submitted_at"] and not index["unique"]
            downgrade(revision="0019")
            assert _index(db.engine) is None
            upgrade()
            result = app.test_cli_runner().invoke(
                args=["db", "check"]
            )  # at the head: models and schema agree
            assert result.exit_code == 0, result.output
            db.engine.dispose()


def test_the_latest_results_are_read_from_the_index(app_ctx, create_user):
    """The plan of My learning's statement reads the person's attempts through the index, by person and
    time. PostgreSQL: the generic plan, which a statement prepared by the driver ends up with."""
    user_id = create_user().id
    connection = db.session.connection()
    compiled = _PAGE.compile(dialect=connection.dialect)
    params = compiled.construct_params({"user_id": user_id})
    if connection.dialect.name == "postgresql":
        statement = str(compiled)
        for number, name in enumerate(params, 1):
            statement = statement.replace(f"%({name})s", f"${number}")
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        connection.exec_driver_sql(f"PREPARE latest_results AS {statement}")
        values = ", ".join(str(int(value)) for value in params.values())
        plan = "\n".join(
            row[0] for row in connection.exec_driver_sql(f"EXPLAIN EXECUTE latest_results({values})")
        )
        connection.exec_driver_sql("DEALLOCATE latest_results")
        assert f"Index Scan Backward using {INDEX} on quiz_attempts" in plan, plan
        assert "Index Cond: ((user_id = $1)" in plan.split(INDEX, 1)[1], plan  # by person: no filter
    else:
        values = tuple(params[name] for name in compiled.positiontup)
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)
        plan = "\n".join(row[-1] for row in rows)
        assert f"SEARCH quiz_attempts USING INDEX {INDEX} (user_id=?" in plan, plan


def _plan(statement) -> str:  # type: ignore[no-untyped-def]
    sql = str(statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return "\n".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        # The suite's tables are empty, where any plan is cheap: ask for the plan that needs no sort
        # and reads no table whole, as it is on a table of many participants' attempts.
        for setting in ("enable_sort", "enable_seqscan", "enable_bitmapscan"):
            connection.execute(text(f"SET LOCAL {setting} = off"))
        return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql))


def test_the_latest_results_are_read_in_order_from_the_participants_index(app_ctx):
    plan = _plan(_RECENT.params(user_id=1))
    assert INDEX in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # in order, as read
