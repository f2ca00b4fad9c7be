"""Migration 0012: free-text revocation reasons become a public category and an internal note."""

from __future__ import annotations

from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, text

from app import create_app
from app.extensions import db
from tests.test_migrations import empty_database

NOW = datetime(2026, 11, 25, 12, 0)


def _fill(conn) -> None:  # type: ignore[no-untyped-def]
    tables = MetaData()
    tables.reflect(conn)
    t = tables.tables
    conn.execute(t["users"].insert(), [
        {"id": 1, "email": "lena@example.org", "password_hash": "x", "name": "Lena", "locale": "de",
         "role": "participant", "created_at": NOW},
    ])  # fmt: skip
    conn.execute(t["courses"].insert(), [
        {"id": 1, "slug": "c", "source_lang": "de", "languages": ["de"], "title": {"de": "K"},
         "description": {"de": ""}, "current_as_of": date(2026, 1, 1), "settings": {}, "yaml_source": "",
         "content_hash": "h", "created_at": NOW, "updated_at": NOW},
    ])  # fmt: skip
    base = {"user_id": 1, "course_id": 1, "lang": "de", "name": "Lena", "issuer": "Academy",
            "course_title": {"de": "K"}, "completed_on": date(2026, 11, 25), "issued_at": NOW,
            "source": "completion", "language_changes": 0, "pdf": b"%PDF", "revoked_at": None,
            "revoked_reason": None, "active_key": None, "replaces_id": None}  # fmt: skip
    conn.execute(t["certificates"].insert(), [
        {**base, "id": 1, "public_id": "CV-1", "sha256": "1" * 64, "revoked_at": NOW, "revoked_reason": "reissued"},
        {**base, "id": 2, "public_id": "CV-2", "sha256": "2" * 64, "revoked_at": NOW,
         "revoked_reason": "Teilnahme nicht nachgewiesen", "replaces_id": 1},
        {**base, "id": 3, "public_id": "CV-3", "sha256": "3" * 64, "active_key": "1:1", "replaces_id": 2},
    ])  # fmt: skip


def test_0012_turns_reasons_into_categories_and_internal_notes(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    with empty_database(tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0011")
            with db.engine.begin() as conn:
                _fill(conn)
            upgrade(revision="0012")
            query = "SELECT public_id, revocation_category, revocation_note FROM certificates ORDER BY id"
            with db.engine.begin() as conn:
                rows = [tuple(row) for row in conn.execute(text(query))]
            assert rows == [
                ("CV-1", "replaced", None),
                ("CV-2", "other", "Teilnahme nicht nachgewiesen"),
                ("CV-3", None, None),
            ]
            downgrade(revision="0011")
            with db.engine.begin() as conn:
                reasons = (
                    conn.execute(text("SELECT revoked_reason FROM certificates ORDER BY id")).scalars().all()
                )
            assert reasons == ["reissued", "Teilnahme nicht nachgewiesen", None]
            upgrade()
            result = app.test_cli_runner().invoke(
                args=["db", "check"]
            )  # at the head: models and schema agree
            assert result.exit_code == 0, result.output
            db.engine.dispose()
