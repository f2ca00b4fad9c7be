"""How many SQL statements the pages of a signed-in participant send, once the per-process caches are
warm (course structure, texts, page parts). On PostgreSQL each statement is a round trip through the
driver, and under load most of a page's CPU time went there (bench/README.md, "1,000 users"); a change
that adds a query to every page, or a lazy load in a loop, fails here.

The budgets count every statement the database receives: the session check (with the content stamp and
the navigation's manager check riding along), then each page's own reads.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.extensions import db

#: path → the statements it may send (the session check included).
BUDGETS = {
    "/courses/sample/basics": 4,  # session; progress rows of the visit; quiz attempts; quiz overrides
    "/courses/sample": 5,  # session; module progress; course progress; quiz overrides; trainers
    "/learning": 3,  # session; course progress; recent quiz results
    "/courses": 2,  # session; course progress (the courses and their modules from the cache)
    "/": 2,  # session; the home page's courses
}


def _statements(app, client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split())[:160])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_signed_in_page_sends_few_statements(app, client, sample, create_user, auth, path):
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    for warm_up in ("/courses/sample/basics", path):
        assert client.get(warm_up).status_code == 200
    statements = _statements(app, client, path)
    assert len(statements) <= BUDGETS[path], "\n".join(statements)


def test_the_catalogue_reads_no_course_while_nothing_was_published(app, client, sample, create_user, auth):
    """The course list comes from the structure cache: no query per course for its modules."""
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    assert client.get("/courses").status_code == 200
    statements = _statements(app, client, "/courses")
    assert not [s for s in statements if "FROM courses" in s or "FROM modules" in s], statements
