"""Pages when the database cannot be reached: 503 with a retry page in the visitor's language, never a
bare 500; and error pages that render without asking the database (issue 16 §3)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app import create_app
from tests.e2e.server import free_port

TITLES = {"de": "Vorübergehend nicht erreichbar", "en": "Temporarily unavailable", "zh": "暂时无法访问"}


@pytest.fixture
def lost_db_app(tmp_path, monkeypatch):
    """The app configured for a PostgreSQL server that does not answer (nothing listens on the port)."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone?connect_timeout=2"
    return create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_a_signed_in_visitor_gets_a_503_retry_page_in_their_language(lost_db_app, lang):
    client = lost_db_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # the user loader must ask the database
    response = client.get("/courses", headers={"Accept-Language": lang})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "15"
    assert TITLES[lang] in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert 'href="/courses"' in page  # "try again" leads back to the same page


def test_the_language_chosen_in_this_browser_wins(lost_db_app):
    client = lost_db_app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "zh"
        session["_user_id"] = "a-session-token"
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 503 and TITLES["zh"] in response.get_data(as_text=True)


def test_a_form_post_during_the_outage_gets_503_not_500(lost_db_app):
    response = lost_db_app.test_client().post(
        "/login", data={"email": "anna@example.org", "password": "whatever-long-enough"}
    )
    assert response.status_code == 503


def test_the_api_answers_503_as_json(lost_db_app):
    response = lost_db_app.test_client().get(
        "/api/v1/certificates", headers={"Authorization": "Bearer cva_" + "x" * 43}
    )
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_the_500_page_asks_the_database_nothing(tmp_path, monkeypatch):
    """An unexpected error of a signed-in user: the error page renders without a single query (the
    database may be what failed)."""
    from app.auth import services
    from app.extensions import db

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    failed = {"raised": False}

    @app.get("/_boom")
    def boom():
        failed["raised"] = True
        raise RuntimeError("a bug")

    with app.app_context():
        db.create_all()
        services.register("anna@example.org", "correct-horse-battery", "Anna", None, "en", confirmed=True)
        db.session.commit()
        engine = db.engine
    client = app.test_client()
    signed_in = client.post("/login", data={"email": "anna@example.org", "password": "correct-horse-battery"})
    assert signed_in.status_code == 302
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if failed["raised"]:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get("/_boom", headers={"Accept-Language": "en"})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert failed["raised"] and response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page and "a bug" not in page
    assert statements == []
