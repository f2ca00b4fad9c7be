"""Page throughput for a signed-in participant (module page, course page, "My learning", the catalogue),
each against a bare Flask page of the same size.

Everything runs under gunicorn (2 sync workers) in the same run and is loaded by wrk on loopback; the
figure that counts is the ratio to the floor (target: at least 0.33). The floor renders a template file
through ``render_template`` (compiled once, as the app's templates are); the old floor, which compiled its
template on every request, is measured too so that older figures can be compared.

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
from bench.serving import demo_app, gunicorn, wrk  # noqa: E402

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
#: name → path; the module page first (the figure bench/run.py has always reported).
PAGES = {
    "module page": "/courses/ip-china/trademarks",
    "course page": "/courses/ip-china",
    "my learning": "/learning",
    "catalogue": "/courses",
}
TARGET = 0.33


def prepare(instance: Path, database_url: str) -> tuple[str, dict[str, int]]:
    """Migrate, load the demo, sign in a participant; returns the session cookie and the page sizes."""
    os.environ.update(INSTANCE_PATH=str(instance), SECRET_KEY=SECRET, DATABASE_URL=database_url)
    from app.extensions import db

    app = demo_app(empty_first=database_url.startswith("postgresql"))
    with app.app_context():
        db.engine.dispose()
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    client.post(
        "/login", data={"email": "participant@chinvalue.example", "password": "demo-participant-2026"}
    )
    sizes = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        sizes[name] = len(response.data)
    cookie = client.get_cookie("session")
    return f"session={cookie.value}", sizes


def _backends(database_url: str) -> tuple[int, ...]:
    """PostgreSQL's processes serving the database's other connections (the workers', once warm), for
    their CPU time: every round trip costs the server too, on the same two cores in the load test."""
    if not database_url.startswith("postgresql"):
        return ()
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        query = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = tuple(connection.execute(text(query)).scalars())
    engine.dispose()
    return pids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--pages", default=",".join(PAGES), help="which pages (comma-separated names)")
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()
    names = [name.strip() for name in args.pages.split(",") if name.strip() in PAGES]
    results: dict[str, tuple[dict, dict, dict, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        database_url = args.database_url or f"sqlite:///{instance / 'bench.db'}"
        cookie, sizes = prepare(instance, database_url)
        env = {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "APP_CONFIG": "development",
        }
        floors = {}
        for name in names:
            with gunicorn("bench.baseline_app:app", {**env, "BASELINE_BYTES": str(sizes[name])}) as base:
                wrk(base + "/page", 2)  # warm-up
                floor = wrk(base + "/page", args.seconds, server=base)
                old = wrk(base + "/page-recompiled", max(args.seconds // 2, 2), server=base)
            floors[name] = (floor, old)
        with gunicorn("app:create_app()", env) as base:
            for name in names:
                wrk(base + PAGES[name], 2, cookie=cookie)
                base.database_pids = _backends(database_url)
                ours = wrk(base + PAGES[name], args.seconds, cookie=cookie, server=base)
                results[name] = (*floors[name], ours, sizes[name])
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(f"page benchmark ({kind}, signed-in participant, 2 sync workers, wrk -c16, {args.seconds}s each)")
    print("  req/s (server CPU ms per request); ratio = ours / floor, by throughput and by CPU per request")
    if kind == "PostgreSQL":
        print("  PostgreSQL = the CPU time of the database's processes serving our page, per request")
    print(f"  {'page':<12} {'size':>7} {'floor':>17} {'old floor':>17} {'ours':>17} {'ratio':>6} {'CPU':>5}")
    figures = []
    for name, (floor, old, ours, size) in results.items():
        ratio = ours["rps"] / floor["rps"]
        cpu_ratio = floor["cpu_ms"] / ours["cpu_ms"]
        print(
            f"  {name:<12} {size / 1024:5.1f}KB"
            + "".join(f" {r['rps']:7.1f} ({r['cpu_ms']:5.2f} ms)" for r in (floor, old, ours))
            + f" {ratio:6.2f} {cpu_ratio:5.2f}"
            + (f"  PostgreSQL {ours['db_cpu_ms']:.2f} ms" if kind == "PostgreSQL" else "")
            + (f"  non-2xx {ours['non_2xx']:.0f}" if ours["non_2xx"] else "")
        )
        figures += [
            Figure(f"{name} ({kind})", "throughput", round(ours["rps"], 1), "req/s",
                   round(floor["rps"], 1), round(ratio, 2), f">= {TARGET} (ours / bare Flask, compiled once)"),
            Figure(f"{name} ({kind})", "server CPU per request", round(ours["cpu_ms"], 2), "ms",
                   round(floor["cpu_ms"], 2), round(ours["cpu_ms"] / floor["cpu_ms"], 2),
                   f"<= {1 / TARGET:.1f} (ours / bare Flask)"),
            Figure(f"{name} ({kind})", "median latency", round(ours["p50_ms"], 1), "ms",
                   round(floor["p50_ms"], 1), round(ours["p50_ms"] / floor["p50_ms"], 2), ""),
        ]  # fmt: skip
    print(f"  target: ratio >= {TARGET}; old floor = the same page compiled on every request")
    if args.json:
        emit(figures)


if __name__ == "__main__":
    main()
