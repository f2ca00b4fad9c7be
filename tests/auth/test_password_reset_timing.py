"""The password-reset form must not tell by its timing whether an address has an account.

Real pieces on loopback: an SMTP server (aiosmtpd) that takes SLOW seconds for every message, and the app
behind a real HTTP server, timed from the outside as an attacker would time it. The mail for an existing
account still has to arrive.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.e2e.server import free_port

#: How long the mail server takes for each message (seconds), and how many requests of each kind are timed.
SLOW = 0.6
ROUNDS = 5


class SlowMailServer:
    """An aiosmtpd handler that waits before accepting each message, and remembers the recipients."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        await asyncio.sleep(SLOW)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@pytest.fixture
def mail_server() -> Iterator[tuple[SlowMailServer, int]]:
    handler = SlowMailServer()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def served(app, mail_server) -> Iterator[str]:
    """The app (on the suite's database) served by werkzeug's threaded HTTP server; yields its base URL."""
    _handler, smtp_port = mail_server
    live = create_app(
        {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "MAIL_USE_TLS": False,
            "WTF_CSRF_ENABLED": False,  # the tokens are not what is timed here
            "SERVER_BASE_URL": "http://127.0.0.1",
        }
    )
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with live.app_context():
        db.session.remove()
        db.engine.dispose()


def timed_request(base: str, address: str) -> float:
    """Seconds until the whole answer to a reset request for ``address`` has arrived."""
    body = urllib.parse.urlencode({"email": address}).encode()
    request = urllib.request.Request(f"{base}/forgot-password", data=body, method="POST")  # noqa: S310
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (loopback only)
        assert response.status == 200
        response.read()
    return time.perf_counter() - started


def test_the_answer_takes_as_long_with_or_without_an_account(served, mail_server, create_user):
    handler, _port = mail_server
    create_user(email="anna@example.org")
    timed_request(served, "warm-up@example.org")  # first request: imports, templates, connections
    known, unknown = [], []
    for number in range(ROUNDS):
        pair = [("anna@example.org", known), ("nobody@example.org", unknown)]
        for address, times in pair if number % 2 else reversed(pair):
            times.append(timed_request(served, address))
    difference = statistics.median(known) - statistics.median(unknown)
    # Without care the known address takes SLOW longer (the mail goes out inside the request).
    assert abs(difference) < SLOW / 2, f"known {known}, unknown {unknown}"
    deadline = time.monotonic() + ROUNDS * SLOW + 15
    while len(handler.recipients) < ROUNDS and time.monotonic() < deadline:
        time.sleep(0.05)
    assert handler.recipients == ["anna@example.org"] * ROUNDS  # every mail went out, to the account only
