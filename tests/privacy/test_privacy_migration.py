"""Migration 0009 on a database with data: SQLite copies the changed tables (batch mode), and nothing that
refers to them may be lost or left dangling; then a certificate's holder can be removed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, func, select, text, update

from app import create_app
from app.extensions import db
from tests.test_migrations import empty_database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC).replace(tzinfo=None)
COUNTED = (
    "users",
    "courses",
    "modules",
    "module_revisions",
    "quiz_revisions",
    "quiz_attempts",
    "certificates",
)


def _fill(conn) -> None:  # type: ignore[no-untyped-def]
    """One of everything the migration copies, and what refers to it."""
    tables = MetaData()
    tables.reflect(conn)
    t = tables.tables
    conn.execute(t["users"].insert(), [
        {"id": 1, "email": "lena@example.org", "password_hash": "x", "name": "Lena", "locale": "de",
         "role": "participant", "created_at": NOW, "session_token": "a"},
        {"id": 2, "email": "tina@example.org", "password_hash": "x", "name": "Tina", "locale": "en",
         "role": "trainer", "created_at": NOW, "session_token": "b"},
    ])  # fmt: skip
    conn.execute(t["courses"].insert(), [
        {"id": 1, "slug": "c", "source_lang": "de", "languages": ["de"], "title": {"de": "K"},
         "description": {"de": ""}, "current_as_of": date(2026, 1, 1), "settings": {}, "yaml_source": "",
         "content_hash": "h", "created_at": NOW, "updated_at": NOW},
    ])  # fmt: skip
    conn.execute(t["modules"].insert(), [{"id": 1, "course_id": 1, "slug": "m", "position": 1, "active": True,
                                          "has_quiz": True}])  # fmt: skip
    revision = {"id": 1, "number": 1, "status": "published", "content_hash": "h", "created_at": NOW,
                "module_id": 1, "author_id": 2}  # fmt: skip
    conn.execute(t["module_revisions"].insert(), [revision])
    conn.execute(t["quiz_revisions"].insert(), [{**revision, "max_points": 1.0, "question_count": 1}])
    conn.execute(t["modules"].update().values(current_revision_id=1, current_quiz_id=1))
    conn.execute(t["quiz_attempts"].insert(), [
        {"id": 1, "user_id": 1, "module_id": 1, "quiz_revision_id": 1, "number": 1, "lang": "de", "layout": {},
         "started_at": NOW},
    ])  # fmt: skip
    conn.execute(t["certificates"].insert(), [
        {"id": 1, "public_id": "CV-TEST", "user_id": 1, "course_id": 1, "lang": "de", "name": "Lena",
         "issuer": "Academy", "course_title": {"de": "K"}, "completed_on": date(2026, 11, 25), "issued_at": NOW,
         "source": "manual", "issued_by_id": 2, "language_changes": 0, "pdf": b"%PDF", "sha256": "0" * 64},
    ])  # fmt: skip


def test_0009_keeps_the_data_and_frees_the_users(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0008")
            with db.engine.begin() as conn:
                _fill(conn)
            upgrade()
            with db.engine.begin() as conn:
                tables = MetaData()
                tables.reflect(conn, only=COUNTED)
                counts = {
                    name: conn.scalar(select(func.count()).select_from(tables.tables[name]))
                    for name in COUNTED
                }
                assert counts == dict.fromkeys(COUNTED, 1) | {"users": 2}
                if conn.dialect.name == "sqlite":
                    assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
                    assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again afterwards
            from app.certificates.models import Certificate

            db.session.execute(update(Certificate).values(user_id=None, name=None, pdf=None))
            db.session.execute(text("DELETE FROM quiz_attempts"))
            db.session.execute(text("DELETE FROM users"))  # the trainer who wrote the revisions, too
            db.session.commit()
            assert db.session.scalar(select(Certificate.sha256)) == "0" * 64
            db.session.remove()
            db.engine.dispose()


def test_0009_goes_back_while_no_account_was_deleted(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0008")
            with db.engine.begin() as conn:
                _fill(conn)
            upgrade()
            downgrade(revision="0008")
            with db.engine.begin() as conn:
                assert conn.execute(text("SELECT count(*) FROM certificates")).scalar() == 1
                assert conn.execute(text("SELECT count(*) FROM module_revisions")).scalar() == 1
            upgrade()
            db.engine.dispose()
