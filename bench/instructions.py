"""Instructions per request of a page, in process (test client), counted by valgrind's callgrind: on a
machine shared with other work, CPU time moves by a third from run to run, instruction counts by a
fraction of a percent. Instrumentation is switched on only after start-up and a warm-up.

    .venv/bin/python bench/instructions.py INSTANCE_DIR PATH [--requests 50] [--database-url URL]

INSTANCE_DIR holds a migrated SQLite database ``b.db`` with the demo loaded (made there on the first run;
copied for each run, so visits change nothing, and two checkouts can be measured on the same data); PATH is a page of the demo participant, or ``floor`` for the bare page of bench/baseline_app.py.
With ``--database-url`` (PostgreSQL) the pages read that database instead, loaded with the demo when it
has no demo participant yet (its tables are dropped first); only the client's side (the driver, SQLAlchemy,
the app) is counted, not the server's. Needs Debian's ``valgrind`` (callgrind_control).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PARTICIPANT = "participant@chinvalue.example"


def _wait_for(path: Path, process: subprocess.Popen | None = None) -> None:
    while not path.exists():
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the measured process ended early ({process.returncode})")
        time.sleep(0.1)


def child(instance: Path, page: str, requests: int, signals: Path, database_url: str = "") -> None:
    """Runs under callgrind: sign in, warm up, then the counted requests between two signals."""
    tmp = Path(tempfile.mkdtemp())
    if not database_url:
        shutil.copy(instance / "b.db", tmp / "b.db")
    url = database_url or f"sqlite:///{tmp / 'b.db'}"
    os.environ.update(INSTANCE_PATH=str(tmp), SECRET_KEY="x" * 40, DATABASE_URL=url)
    if page == "floor":
        os.environ["BASELINE_BYTES"] = "16000"
        from bench.baseline_app import app

        client, path = app.test_client(), "/page"
    else:
        from app import create_app

        app = create_app("development")
        app.config["WTF_CSRF_ENABLED"] = False
        client, path = app.test_client(), page
        data = {"email": PARTICIPANT, "password": "demo-participant-2026"}
        assert client.post("/login", data=data).status_code == 302
    for _ in range(5):
        assert client.get(path).status_code == 200
    (signals / "ready").touch()
    _wait_for(signals / "go")
    for _ in range(requests):
        client.get(path)
    (signals / "done").touch()
    _wait_for(signals / "end")


def prepare(instance: Path | str, database_url: str = "") -> None:
    """Migrate ``instance/b.db`` (or the database at ``database_url``, emptied) and load the demo into it."""
    instance = Path(instance)
    instance.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{instance / 'b.db'}"
    os.environ.update(INSTANCE_PATH=str(instance), SECRET_KEY="x" * 40, DATABASE_URL=url)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    app = create_app("development")
    with app.app_context():
        if database_url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output


def _has_demo(database_url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import ProgrammingError

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM users WHERE email = :e"), {"e": PARTICIPANT})
            return found.first() is not None
    except ProgrammingError:  # no tables yet
        return False
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of INSTANCE_DIR/b.db")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.instance, args.page, args.requests, args.child, args.database_url)
    if not (_has_demo(args.database_url) if args.database_url else (args.instance / "b.db").exists()):
        code = f"import bench.instructions as b; b.prepare({str(args.instance)!r}, {args.database_url!r})"
        subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1],
                       capture_output=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        signals, out = Path(tmp), Path(tmp) / "callgrind.out"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, __file__, str(args.instance), args.page, "--requests", str(args.requests),
             "--database-url", args.database_url, "--child", str(signals)],
            stdout=subprocess.DEVNULL, stderr=(signals / "log").open("w"),
        )  # fmt: skip
        _wait_for(signals / "ready", process)
        control = ["callgrind_control", str(process.pid)]
        subprocess.run([*control[:1], "-i", "on", *control[1:]], check=True, capture_output=True)
        (signals / "go").touch()
        _wait_for(signals / "done", process)
        subprocess.run([*control[:1], "-i", "off", *control[1:]], check=True, capture_output=True)
        subprocess.run([*control[:1], "-d", *control[1:]], check=True, capture_output=True)
        (signals / "end").touch()
        process.wait()
        log = (signals / "log").read_text()
    collected = [line for line in log.splitlines() if "Collected :" in line]
    if not collected:
        raise SystemExit(log[-2000:])
    total = int(collected[-1].split(":")[-1])
    where = " (PostgreSQL)" if args.database_url else ""
    print(f"{args.page}{where}: {total / args.requests / 1e6:.2f} M instructions per request")


if __name__ == "__main__":
    main()
