"""Course structure is cached per app server; a publish on one server reaches the others at their next
request through the content stamp in the database (app/courses/structure.py).

"Another server" is a second app made by the factory on the same database: its cache is its own.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app import create_app
from app.courses import structure
from app.courses.models import ContentStamp, Course
from app.extensions import db
from tests.fixtures.learning import import_folder


@pytest.fixture
def other_server(app):
    """A second app on the same database, as a second gunicorn host would be."""
    other = create_app({**app.config, "TESTING": True})
    other.test_client_class = app.test_client_class
    assert other.config["SQLALCHEMY_DATABASE_URI"] == app.config["SQLALCHEMY_DATABASE_URI"]
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _stamp(app) -> str | None:
    with app.app_context():
        return db.session.scalar(select(ContentStamp.value))


def _course_queries(app, client, path: str) -> tuple[str, int]:
    """The page, and how many statements read the courses table for it."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "FROM courses" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return response.get_data(as_text=True), len(seen)


def test_the_structure_is_read_once_per_stamp(app, client, sample):
    page, reads = _course_queries(app, client, "/courses/sample")
    assert "Beispielkurs" in page
    _, again = _course_queries(app, client, "/courses/sample")
    assert (reads, again) == (1, 0)


def test_a_course_change_published_on_one_server_is_seen_by_the_other(app, client, sample, other_server):
    there = other_server.test_client()
    before = _stamp(app)
    page, _ = _course_queries(other_server, there, "/courses/sample")
    assert "Beispielkurs – Schutzrechte in China" in page
    _, reads = _course_queries(other_server, there, "/courses/sample")
    assert reads == 0  # served from the other server's cache from now on

    yaml = sample / "course.yaml"
    yaml.write_text(yaml.read_text().replace("Beispielkurs – Schutzrechte", "Neuer Kurs – Schutzrechte"))
    import_folder(app, sample)  # published through this server
    assert _stamp(app) != before

    page, reads = _course_queries(other_server, there, "/courses/sample")
    assert "Neuer Kurs – Schutzrechte in China" in page and "Beispielkurs" not in page
    assert reads == 1


def test_a_new_module_revision_is_seen_by_the_other_server(app, sample, other_server):
    there = other_server.test_client()
    assert "Schutzrechte in China – die Grundlagen" in there.get("/courses/sample").get_data(as_text=True)
    with app.app_context():
        revision = (
            db.session.scalar(select(Course).where(Course.slug == "sample")).modules[0].current_revision_id
        )
    text = sample / "basics" / "module.de.md"
    text.write_text(text.read_text().replace("die Grundlagen", "das Wichtigste"))
    import_folder(app, sample)
    with app.app_context():
        assert (
            db.session.scalar(select(Course).where(Course.slug == "sample")).modules[0].current_revision_id
            != revision
        )
    page = there.get("/courses/sample").get_data(as_text=True)
    assert "Schutzrechte in China – das Wichtigste" in page
    assert "die Grundlagen" not in page


def test_a_change_that_rolls_back_keeps_the_stamp(app, sample):
    before = _stamp(app)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        course.title = {**course.title, "de": "Nie gespeichert"}
        db.session.flush()
        assert db.session.scalar(select(ContentStamp.value)) != before  # renewed in the same transaction
        db.session.rollback()
    assert _stamp(app) == before


def test_without_a_stamp_row_nothing_is_cached(app, client, sample):
    with app.app_context():
        db.session.execute(ContentStamp.__table__.delete())
        db.session.commit()
    structure.clear()
    _, first = _course_queries(app, client, "/courses/sample")
    _, second = _course_queries(app, client, "/courses/sample")
    assert (first, second) == (1, 1)
