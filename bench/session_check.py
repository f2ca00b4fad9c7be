"""Instructions of the session check alone (app/auth/login.py ``load_user``), counted by callgrind as in
bench/instructions.py: the demo participant's signed-in request context, once with the check and once
with only what its page needs anyway (the database session's connection, its commit); the difference is
the check.

    .venv/bin/python bench/session_check.py INSTANCE_DIR [--calls 300] [--database-url URL]

INSTANCE_DIR and ``--database-url`` as for bench/instructions.py (the demo loaded there); ``--keep FILE``
keeps the dump of the phase with the check, for ``callgrind_annotate --inclusive=yes FILE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.instructions import _counted, _dumped, _wait_for  # noqa: E402


def child(instance: Path, calls: int, signals: Path, database_url: str | None) -> None:
    """Runs under callgrind: sign in, warm up, then the two counted phases."""
    tmp = Path(tempfile.mkdtemp())
    if database_url is None:
        shutil.copy(instance / "b.db", tmp / "b.db")
    url = database_url or f"sqlite:///{tmp / 'b.db'}"
    os.environ.update(INSTANCE_PATH=str(tmp), SECRET_KEY="x" * 40, DATABASE_URL=url)
    from flask_login import current_user

    from app import create_app
    from app.extensions import db

    app = create_app("development")
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    data = {"email": "participant@chinvalue.example", "password": "demo-participant-2026"}
    assert client.post("/login", data=data).status_code == 302
    assert client.get("/learning").status_code == 200  # the first page after signing in may save its session
    headers = {"Cookie": f"session={client.get_cookie('session').value}"}

    def request(check: bool) -> None:
        with app.test_request_context("/learning", headers=headers):
            if check:
                assert current_user._get_current_object().is_authenticated
            else:
                db.session.connection()
            db.session.commit()
            db.session.remove()

    for check in (False, True):
        for _ in range(20):
            request(check)
        _counted(signals, int(check), [lambda check=check: request(check)] * calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--database-url", help="PostgreSQL instead: emptied and loaded with the demo first")
    parser.add_argument("--keep", type=Path, help="copy the dump of the phase with the check here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.instance, args.calls, args.child, args.database_url)
    if args.database_url or not (args.instance / "b.db").exists():
        call = f"b.prepare({str(args.instance)!r}, {args.database_url!r})"
        subprocess.run([sys.executable, "-c", f"import bench.instructions as b; {call}"],
                       check=True, cwd=Path(__file__).resolve().parents[1], capture_output=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        signals, out = Path(tmp), Path(tmp) / "callgrind.out"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, __file__, str(args.instance), "--calls", str(args.calls), "--child", str(signals),
             *(["--database-url", args.database_url] if args.database_url else [])],
            stdout=subprocess.DEVNULL, stderr=(signals / "log").open("w"),
        )  # fmt: skip
        totals = []
        for phase in range(2):
            _wait_for(signals / f"ready{phase}", process)
            subprocess.run(
                ["callgrind_control", "-i", "on", str(process.pid)], check=True, capture_output=True
            )
            (signals / f"go{phase}").touch()
            _wait_for(signals / f"done{phase}", process)
            subprocess.run(
                ["callgrind_control", "-i", "off", str(process.pid)], check=True, capture_output=True
            )
            subprocess.run(["callgrind_control", "-d", str(process.pid)], check=True, capture_output=True)
            totals.append(_dumped(Path(tmp), phase + 1) / args.calls)
            (signals / f"end{phase}").touch()
        process.wait()
        if args.keep:
            shutil.copy(next(Path(tmp).glob("callgrind.out*.2")), args.keep)
    without, checked = totals
    print(f"request context + connection: {without / 1e6:.3f} M instructions; with the session check: "
          f"{checked / 1e6:.3f} M; the check: {(checked - without) / 1e6:.3f} M")  # fmt: skip


if __name__ == "__main__":
    main()
