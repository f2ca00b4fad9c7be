"""Module-page throughput for a signed-in participant, against a bare Flask page of the same size.

Both run under gunicorn (2 sync workers) in the same run and are loaded by wrk on loopback; the figure
that counts is the ratio (target: at least 0.5).

    .venv/bin/python bench/module_page.py [--seconds 10] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import Figure, emit  # noqa: E402
from bench.serving import gunicorn, wrk  # noqa: E402

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
PAGE = "/courses/ip-china/trademarks"


def prepare(instance: Path, database_url: str) -> tuple[str, int]:
    """Migrate, load the demo, sign in a participant; returns the session cookie and the page size."""
    os.environ.update(INSTANCE_PATH=str(instance), SECRET_KEY=SECRET, DATABASE_URL=database_url)
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    app = create_app("development")
    with app.app_context():
        if database_url.startswith("postgresql"):
            db.drop_all()
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        db.engine.dispose()
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    client.post(
        "/login", data={"email": "participant@chinvalue.example", "password": "demo-participant-2026"}
    )
    response = client.get(PAGE)
    assert response.status_code == 200, response.status_code
    cookie = client.get_cookie("session")
    return f"session={cookie.value}", len(response.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        database_url = args.database_url or f"sqlite:///{instance / 'bench.db'}"
        cookie, size = prepare(instance, database_url)
        env = {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "APP_CONFIG": "development",
            "BASELINE_BYTES": str(size),
        }
        with gunicorn("bench.baseline_app:app", env) as base:
            wrk(base + "/page", 2)  # warm-up
            floor = wrk(base + "/page", args.seconds)
        with gunicorn("app:create_app()", env) as base:
            wrk(base + PAGE, 2, cookie=cookie)
            ours = wrk(base + PAGE, args.seconds, cookie=cookie)
    ratio = ours["rps"] / floor["rps"]
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(f"module page benchmark ({kind}, page {size / 1024:.1f} KB, 2 sync workers, {args.seconds}s each)")
    print(f"  bare Flask page of the same size : {floor['rps']:8.1f} req/s  p50 {floor['p50_ms']:.1f} ms")
    print(
        f"  module page, signed in           : {ours['rps']:8.1f} req/s  p50 {ours['p50_ms']:.1f} ms"
        f"  non-2xx {ours['non_2xx']:.0f}"
    )
    print(f"  ratio                            : {ratio:8.2f}  (target >= 0.5)")
    if args.json:
        emit(
            [
                Figure(f"module page ({kind})", "throughput", round(ours["rps"], 1), "req/s",
                       round(floor["rps"], 1), round(ratio, 2), ">= 0.5 (ours / bare Flask)"),
                Figure(f"module page ({kind})", "median latency", round(ours["p50_ms"], 1), "ms",
                       round(floor["p50_ms"], 1), round(ours["p50_ms"] / floor["p50_ms"], 2), ""),
            ]
        )  # fmt: skip


if __name__ == "__main__":
    main()
