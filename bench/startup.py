"""How long a `flask` command takes to start: `flask --help` (what every command pays before its work),
median wall-clock and CPU time of several runs, against a bare Flask app's `flask --help` as the floor;
then the slowest imports of `create_app()` (python -X importtime).

    .venv/bin/python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, emit  # noqa: E402

FLASK = str(Path(sys.executable).parent / "flask")


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of ``command`` (a child process), and its standard error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def _median(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float, str]:
    results = [_timed(command, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        results[-1][2],
    )


def slowest_imports(env: dict[str, str], count: int = 8) -> list[tuple[float, str]]:
    """The third-party packages that take longest to import under `create_app()` (with what they import)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from app import create_app; create_app('development')"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        top = name.strip().split(".")[0]
        if cumulative.strip().isdigit() and top not in ("app", "site"):
            # The outermost import of a package holds all of it.
            totals[top] = max(totals.get(top, 0.0), int(cumulative) / 1e6)
    return sorted(((s, n) for n, s in totals.items()), reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()
    env = {**os.environ, "FLASK_APP": "app"}
    ours = _median([FLASK, "--app", "app", "--help"], env, args.runs)
    floor = _median([FLASK, "--app", "bench.baseline_app:app", "--help"], env, args.runs)
    print(f"flask --help, median of {args.runs} runs (wall clock / CPU)")
    print(f"  bare Flask app : {floor[0]:6.2f} s / {floor[1]:5.2f} s")
    print(f"  ChInValue app  : {ours[0]:6.2f} s / {ours[1]:5.2f} s   (target: under 1 s)")
    print(f"  warnings on stderr: {'none' if not ours[2].strip() else ours[2].strip()[:300]}")
    print("slowest imports under create_app() (cumulative, one run):")
    for seconds, name in slowest_imports(env):
        print(f"  {seconds:6.2f} s  {name}")
    if args.json:
        emit(
            [
                Figure("flask --help", "wall clock", round(ours[0], 2), "s", round(floor[0], 2),
                       round(ours[0] / floor[0], 2), "under 1 s"),
                Figure("flask --help", "CPU time", round(ours[1], 2), "s", round(floor[1], 2),
                       round(ours[1] / floor[1], 2), ""),
            ]
        )  # fmt: skip


if __name__ == "__main__":
    main()
