"""Every benchmark in one go, then one table of figures and ratios (lower ratio = better, see figures.py).

    .venv/bin/python bench/run.py [--quick] [--no-postgres]

Each benchmark runs as its own process (a fresh interpreter, as in production); their own output is shown
as it comes. PostgreSQL runs use a throwaway database on 127.0.0.1:5432 that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, parse  # noqa: E402

PG_ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c"]


def _postgres_database() -> str | None:
    """A new empty database, or None when PostgreSQL is not reachable."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    done = subprocess.run([*PG_ADMIN, f"CREATE DATABASE {name}"], capture_output=True, check=False)  # noqa: S603
    return name if done.returncode == 0 else None


def _drop(name: str) -> None:
    subprocess.run([*PG_ADMIN, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)  # noqa: S603


def _run(script: str, *args: str) -> list[Figure]:
    command = [sys.executable, str(ROOT / "bench" / script), *args, "--json"]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    for line in done.stdout.splitlines():
        if not line.startswith("BENCH-FIGURES "):
            print("  " + line)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{script} failed with status {done.returncode}")
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return parse(done.stdout)


def table(figures: list[Figure]) -> str:
    rows = [("benchmark", "measure", "ours", "baseline", "ratio", "target")]
    for f in figures:
        rows.append(
            (
                f.benchmark,
                f.measure,
                f"{f.ours:,.1f} {f.unit}",
                f"{f.baseline:,.1f} {f.unit}" if f.baseline is not None else "",
                f"{f.ratio:.2f}" if f.ratio is not None else "",
                f.target,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (figures are noisier)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    seconds = "3" if args.quick else "10"
    figures = _run("certificates.py", "--runs", "10" if args.quick else "30")
    figures += _run("certificates_ltv.py", "--runs", "5" if args.quick else "20")
    figures += _run("openbadges.py", "--runs", "50" if args.quick else "200")
    figures += _run("module_page.py", "--seconds", seconds)
    figures += _run("startup.py", "--runs", "3" if args.quick else "7")
    figures += _run("companies.py")
    database = None if args.no_postgres else _postgres_database()
    if database:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
        try:
            figures += _run("module_page.py", "--seconds", seconds, "--database-url", url)
            _drop(database)
            database = _postgres_database()
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
            figures += _run("companies.py", "--database-url", url)
        finally:
            if database:
                _drop(database)
    elif not args.no_postgres:
        print("\n(PostgreSQL on 127.0.0.1:5432 not reachable: SQLite figures only)")
    print("\n" + table(figures))


if __name__ == "__main__":
    main()
