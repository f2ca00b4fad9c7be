"""Pooled PostgreSQL connections that the server closed (a restart, an administrator, an idle timeout)
are replaced without a ping per request (app/pool_check.py), and nothing needs restarting.

PostgreSQL only: the server's connections are ended with ``pg_terminate_backend``, as a restart ends them.
"""

from __future__ import annotations

from sqlalchemy import event

TERMINATE_OTHERS = (
    "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def _end_every_other_connection(engine) -> int:  # type: ignore[no-untyped-def]
    """What a PostgreSQL restart does to the app's pool, from a connection of its own (waits until the
    server has closed them: the timeout argument)."""
    import psycopg  # the driver of the PostgreSQL pass; the SQLite pass skips before

    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as connection:  # outside the pool, so that it ends the pool's too
        return connection.execute(TERMINATE_OTHERS).fetchone()[0]


def test_pages_go_on_after_the_server_closed_every_connection(app, postgres, create_user, auth, client):
    user = create_user(email="anna@example.org")
    assert auth.login(user.email).status_code == 302
    assert client.get("/learning").status_code == 200
    assert _end_every_other_connection(postgres) >= 1
    assert client.get("/learning").status_code == 200  # the pool noticed, without a 503
    assert client.get("/learning").status_code == 200


def test_a_signed_out_session_stays_signed_out_after_the_connections_ended(
    app, postgres, create_user, auth, client
):
    user = create_user(email="anna@example.org")
    assert auth.login(user.email).status_code == 302
    assert auth.logout().status_code == 302
    _end_every_other_connection(postgres)
    assert client.get("/learning").status_code == 302  # to the sign-in page


def test_a_healthy_connection_is_kept(app, postgres, create_user, auth, client):
    """The check must not mistake an idle connection for a closed one (a new connection per request
    would cost more than the ping it replaces)."""
    user = create_user(email="anna@example.org")
    assert auth.login(user.email).status_code == 302
    assert client.get("/learning").status_code == 200
    connects: list[object] = []

    def count(*_args) -> None:  # type: ignore[no-untyped-def]
        connects.append(1)

    event.listen(postgres, "connect", count)
    try:
        for _ in range(3):
            assert client.get("/learning").status_code == 200
    finally:
        event.remove(postgres, "connect", count)
    assert connects == []
