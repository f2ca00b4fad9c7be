"""Shared pieces of the HTTP benchmarks: start gunicorn on loopback, load it with wrk, stop it.

Traffic goes to 127.0.0.1 only, bounded in time; wrk (Debian package `wrk`) is the load generator.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """The base URL of a server started here, with its master's process id (for its CPU time)."""

    pid: int
    #: PostgreSQL's backend processes serving the workers, when the caller found them (same machine).
    database_pids: tuple[int, ...] = ()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the master and its live workers so far."""
        return sum(_cpu_seconds(pid) for pid in [self.pid, *_children(self.pid)])

    def database_cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) for pid in self.database_pids)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


@contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int = 2):
    """Serve ``target`` (module:callable) with sync workers on a free loopback port; yields the base URL
    (a ``Server``, which also tells the server's CPU time)."""
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            target,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = Server(f"http://127.0.0.1:{port}")
    base.pid = process.pid
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # any HTTP answer means it is up
                    break
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(
    url: str, seconds: int, connections: int = 16, cookie: str | None = None, server: Server | None = None
) -> dict[str, float]:
    """Requests per second (and non-2xx count, median latency) for ``url`` under wrk; with ``server``,
    also the server's CPU time per request (``cpu_ms``), which a machine busy with other work inflates
    much less than it lowers the throughput."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    cpu_before = server.cpu_seconds() if server is not None else 0.0
    db_before = server.database_cpu_seconds() if server is not None else 0.0
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - cpu_before if server is not None else float("nan")
    db_cpu = server.database_cpu_seconds() - db_before if server is not None else float("nan")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rps": rps,
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else float("nan"),
        "cpu_ms": cpu * 1000 / requests if requests else float("nan"),
        "db_cpu_ms": db_cpu * 1000 / requests if requests else float("nan"),
    }


def demo_app(empty_first: bool):  # type: ignore[no-untyped-def]
    """A development app on ``DATABASE_URL`` (set by the caller), migrated and loaded with the demo. A reused
    PostgreSQL database is emptied first: else the next run finds the schema "at head" and no demo."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    app = create_app("development")
    with app.app_context():
        if empty_first:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
    return app
