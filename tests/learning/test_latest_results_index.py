"""My learning's latest results come from an index on participant and time, in order: not from a walk
over everyone's attempts by time (what PostgreSQL chose for this LIMIT on fresh statistics: 577 attempts
read for 7 on the demo, and more with every participant) nor from a sort of the participant's attempts."""

from sqlalchemy import text

from app.extensions import db
from app.progress.routes import _RECENT

INDEX = "ix_quiz_attempts_user_id_submitted_at"


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
