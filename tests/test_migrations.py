"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db


@contextmanager
def empty_database(tmp_path):
    """An empty database of the kind the suite runs on (a fresh PostgreSQL database, or SQLite)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_then_models_and_migrations_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            assert "users" in inspect(db.engine).get_table_names()
            runner = app.test_cli_runner()
            result = runner.invoke(args=["db", "check"])
            assert result.exit_code == 0, result.output
            db.engine.dispose()


def test_flask_db_upgrade_on_the_command_line(tmp_path):
    """`flask db upgrade` as operators run it (docs/deployment.md), through the `db` group that binds
    Flask-Migrate on first use (app/db_commands.py)."""
    flask = Path(sys.executable).with_name("flask")
    with empty_database(tmp_path) as url:
        env = {
            **os.environ,
            "APP_CONFIG": "testing",
            "INSTANCE_PATH": str(tmp_path),
            "TEST_DATABASE_URL": url,
        }
        done = [
            subprocess.run(
                [str(flask), "--app", "app", "db", *args], env=env, cwd=Path(__file__).resolve().parents[1],
                capture_output=True, text=True, timeout=300,
            )
            for args in (["upgrade"], ["current"])
        ]  # fmt: skip
    assert [result.returncode for result in done] == [0, 0], done[0].stderr + done[1].stderr
    assert "Running upgrade  -> 0001" in done[0].stderr
    assert "(head)" in done[1].stdout


def test_single_head():
    """Two people adding migrations in parallel leave two heads; that must be merged before landing."""
    from pathlib import Path

    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(__file__).resolve().parents[1] / "migrations"))
    assert len(script.get_heads()) == 1
