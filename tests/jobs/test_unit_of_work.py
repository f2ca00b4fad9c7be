"""One unit of work per request and per command: commit after success, roll back after an error status
or an exception; work registered with after_commit starts only after a commit, never after a rollback."""

from __future__ import annotations

import click
import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.jobs.models import JobRun
from app.unit_of_work import after_commit, install_commands


@pytest.fixture
def small_app(tmp_path, monkeypatch):
    """A fresh app on its own SQLite file, with routes and a command that write a row and register work."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'u.db'}",
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    app.config["PROPAGATE_EXCEPTIONS"] = False
    started: list[str] = []

    def write(name: str) -> None:
        db.session.add(JobRun(name=name, args=[]))
        db.session.flush()
        after_commit(started.append, name)

    @app.get("/_ok")
    def ok():
        write("ok")
        return "fine"

    @app.get("/_refused")
    def refused():
        write("refused")
        return "no", 400

    @app.get("/_mail_only")
    def mail_only():
        after_commit(started.append, "mail only")
        return "sent"

    @app.get("/_reads_nothing")
    def reads_nothing():
        return "nothing"

    @app.get("/_raises")
    def raises():
        write("raises")
        raise RuntimeError("a bug")

    @app.cli.command("_write")
    @click.option("--fail", is_flag=True)
    def command(fail: bool) -> None:
        write("command")
        if fail:
            raise click.ClickException("refused")

    install_commands(app)  # the factory wraps the commands it registered; this one came later
    with app.app_context():
        db.create_all()
    app.extensions["started"] = started
    return app


def _rows(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(JobRun.name)))


def test_a_successful_request_commits_then_starts_its_work(small_app):
    response = small_app.test_client().get("/_ok", buffered=True)
    assert response.status_code == 200
    assert _rows(small_app) == ["ok"]
    assert small_app.extensions["started"] == ["ok"]


@pytest.mark.parametrize(("path", "status"), [("/_refused", 400), ("/_raises", 500)])
def test_an_error_answer_rolls_back_and_starts_nothing(small_app, path, status):
    response = small_app.test_client().get(path, buffered=True)
    assert response.status_code == status
    assert _rows(small_app) == []
    assert small_app.extensions["started"] == []


def test_work_of_a_view_that_touches_no_table_still_starts(small_app):
    """No transaction began, yet the work waits for a commit: the boundary still commits (an empty one)."""
    assert small_app.test_client().get("/_mail_only", buffered=True).status_code == 200
    assert small_app.extensions["started"] == ["mail only"]


def test_a_page_that_reads_nothing_makes_no_database_session(small_app):
    """The boundary lives in the request's environ, not in a session made for it: a page without a query
    pays for no session, no empty transaction and no commit."""
    from flask import request_tearing_down

    made: list[bool] = []

    def note(_app, **_extra) -> None:  # type: ignore[no-untyped-def]
        made.append(db.session.registry.has())

    request_tearing_down.connect(note, small_app)
    try:
        assert small_app.test_client().get("/_reads_nothing").status_code == 200
        assert small_app.test_client().get("/_ok", buffered=True).status_code == 200
    finally:
        request_tearing_down.disconnect(note, small_app)
    assert made == [False, True]
    assert _rows(small_app) == ["ok"] and small_app.extensions["started"] == ["ok"]


def test_work_starts_only_once_the_answer_has_been_sent(small_app):
    response = small_app.test_client().get("/_ok")  # not read yet
    assert small_app.extensions["started"] == []
    response.close()
    assert small_app.extensions["started"] == ["ok"]


def test_commands_have_the_same_boundary(small_app):
    runner = small_app.test_cli_runner()
    failed = runner.invoke(args=["_write", "--fail"])
    assert failed.exit_code == 1 and _rows(small_app) == [] and small_app.extensions["started"] == []
    done = runner.invoke(args=["_write"])
    assert done.exit_code == 0, done.output
    assert _rows(small_app) == ["command"] and small_app.extensions["started"] == ["command"]


def test_routes_and_services_no_longer_commit_by_hand():
    """The boundary commits; what is left are the staged commits of the course import and the demo, the job
    records, and `flask hrapi token`, which stores the token before it prints the secret."""
    import subprocess

    found = subprocess.run(
        ["grep", "-rln", "session.commit()", "app"], capture_output=True, text=True, check=False
    ).stdout.split()
    assert sorted(found) == [
        "app/courses/cli.py", "app/demo/cli.py", "app/hrapi/cli.py", "app/jobs/queue.py", "app/unit_of_work.py",
    ]  # fmt: skip


def test_work_starts_when_the_browser_resets_the_connection(small_app):
    """Werkzeug's development server (`flask run`, the browser tests) drains the socket after the answer and
    skips the answer's close() when that read fails: a browser that resets the connection once it has the
    redirect (Chromium does, now and then) used to lose the mail of the request. The work starts when the
    body has been handed to the server, whatever the socket does afterwards."""
    import socket
    import struct
    import threading
    import time

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, small_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for _ in range(10):  # the reset has to reach the server while it drains (within 10 ms): it does here
            with socket.create_connection(("127.0.0.1", server.server_port)) as browser:
                browser.sendall(b"GET /_ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert browser.recv(1)  # the answer is on its way
                browser.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )  # close = RST
        deadline = time.monotonic() + 5
        while len(small_app.extensions["started"]) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.shutdown()
    assert small_app.extensions["started"] == ["ok"] * 10
