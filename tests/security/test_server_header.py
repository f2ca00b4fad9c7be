"""Responses do not advertise the server software: gunicorn, started as docs/deployment.md says (from the
source folder, which holds gunicorn.conf.py), sends no ``Server`` header."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.e2e.server import LEAKY, ROOT, free_port

GUNICORN = Path(sys.executable).parent / "gunicorn"


def test_gunicorn_sends_no_server_header(tmp_path: Path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in LEAKY}
    env.update(
        APP_CONFIG="production",
        SECRET_KEY="s" * 48,
        SERVER_BASE_URL="https://academy.example.org",
        INSTANCE_PATH=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'academy.db'}",
    )
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [str(GUNICORN), "wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        headers = None
        deadline = time.monotonic() + 60
        while headers is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page", timeout=5) as answer:
                    headers = answer.headers  # pragma: no cover  (the page does not exist)
            except urllib.error.HTTPError as error:
                headers = error.headers
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)
        assert headers is not None, "gunicorn did not answer"
        assert "Server" not in headers, headers["Server"]
        assert headers["X-Content-Type-Options"] == "nosniff"  # it was our app that answered
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
