"""The app per session and a clean database per test; the shared builders come from tests/fixtures/.

The database is SQLite (a file in a temporary folder) unless TEST_DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from app.courses.queries import clear_text_cache
from app.extensions import db, limiter
from app.quizzes import definitions as quiz_definitions

# The fixture modules hold asserts too: have them rewritten before the import below loads one.
pytest.register_assert_rewrite("tests.fixtures", "tests.content.course_files")

from tests.fixtures.web import CsrfClient  # noqa: E402

pytest_plugins = [
    "tests.fixtures.web",
    "tests.fixtures.accounts",
    "tests.fixtures.learning",
    "tests.fixtures.orgs",
    "tests.fixtures.hrapi",
    "tests.fixtures.authoring",
    "tests.content.course_files",
]


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def app(instance_dir: Path):
    app = create_app("testing")
    app.test_client_class = CsrfClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest):
    """Empty every table, the outbox and the rate-limit counts after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(text("PRAGMA defer_foreign_keys=ON"))  # tables that refer to each other
                for table in tables:
                    conn.execute(table.delete())
    clear_text_cache()
    quiz_definitions.clear()
    with app.app_context():
        limiter.reset()  # the limiter's memory storage lives as long as the session's app
    outbox = Path(app.instance_path) / "outbox"
    for message in outbox.glob("*.eml"):
        message.unlink()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
