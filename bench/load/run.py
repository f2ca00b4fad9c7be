"""The load test in one command: fresh PostgreSQL database, gunicorn (production config), locust, checks.

    .venv/bin/python -m bench.load.run [--users 200] [--seconds 120] [--workers 4] [--spawn-rate 10]

Creates a database on 127.0.0.1:5432 (user postgres, no password), migrates it and loads the demo plus one
confirmed account per simulated user, serves `wsgi:app` with gunicorn on 127.0.0.1 and runs locust
headless against it for a bounded time. Then it stops the server, compares every quiz submission locust
counted as successful with the attempts stored in the database, prints a table, and drops the database.
Exit status 0 only with zero failures, no error in the server log and every counted attempt stored.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.prepare import DOMAIN, create_database, drop_database, prepare  # noqa: E402

BIN = Path(sys.executable).parent
SERVER = "127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
MAX_USERS, MAX_SECONDS = 500, 600  # bounded: this is a loopback test, not a soak test
#: Every simulated user comes from 127.0.0.1, so the per-address limits on sign-in and sign-up (10 and 5
#: per minute in production) are raised for the run; they stay enforced, counted in Redis.
LIMIT = "100000 per minute"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs: gunicorn's workers count for gunicorn)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(database_url: str, instance: Path, secret: str) -> dict[str, str]:
    """Production configuration as docs/deployment.md has it, on plain-http loopback."""
    signing = instance / "signing"  # the development CA `flask demo load` made, used as if it were real
    return {
        "APP_CONFIG": "production",
        "SECRET_KEY": secret,
        "SERVER_BASE_URL": "https://academy.chinvalue.example",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "MAIL_SERVER": "",  # mail goes to the outbox, where the registering users find their link
        "MAIL_OUTBOX": str(instance / "outbox"),
        "SESSION_COOKIE_SECURE": "0",  # no TLS on loopback; behind the proxy this stays 1
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15" if redis_up() else "memory://",
        "LOGIN_RATE_LIMIT": LIMIT,
        "RESET_RATE_LIMIT": LIMIT,
        "SIGNING_PKCS12": str(signing / "signer.p12"),
        "SIGNING_PASSPHRASE": "chinvalue-development-only",
        "SIGNING_TRUST_ROOTS": str(signing / "ca.pem"),
        "PROXY_COUNT": "0",
    }


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path):
    """Serve wsgi:app with sync workers on a free loopback port; yields the base URL."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--timeout", "30", "--log-level", "warning"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn exited:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_locust(base: str, args: argparse.Namespace, work: Path, plan: Path, outbox: Path) -> int:
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan),
        "LOAD_OUTBOX": str(outbox),
        "LOAD_RESULTS": str(work / "results.json"),
        "LOAD_REGISTER_SHARE": str(args.register_share),
        "LOAD_KNOW_SHARE": str(args.know_share),
        "LOAD_TWICE_SHARE": str(args.twice_share),
    }
    command = [
        str(BIN / "locust"),
        "-f", str(ROOT / "bench/load/locustfile.py"),
        "--headless", "--only-summary",
        "--host", base,
        "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.seconds}s",
        "--stop-timeout", "30",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    with open(work / "locust.log", "wb") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=out, timeout=args.seconds + 120)
    return done.returncode


def stored_attempts(database_url: str) -> tuple[set[tuple[str, int]], int, int]:
    """Submitted attempts of the load-test accounts, their course completions and certificates."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    mine = "u.email LIKE %s"
    pattern = f"%@{DOMAIN}"
    with psycopg.connect(url) as conn:
        attempts = conn.execute(
            f"SELECT u.email, a.id FROM quiz_attempts a JOIN users u ON u.id = a.user_id "  # noqa: S608
            f"WHERE a.submitted_at IS NOT NULL AND {mine}",
            (pattern,),
        ).fetchall()
        completed = conn.execute(
            f"SELECT count(*) FROM course_progress p JOIN users u ON u.id = p.user_id "  # noqa: S608
            f"WHERE p.completed_at IS NOT NULL AND {mine}",
            (pattern,),
        ).fetchone()[0]
        certificates = conn.execute(
            f"SELECT count(*) FROM certificates c JOIN users u ON u.id = c.user_id WHERE {mine}",  # noqa: S608
            (pattern,),
        ).fetchone()[0]
    return {(email, attempt) for email, attempt in attempts}, completed, certificates


def table(results: dict) -> list[str]:
    """The per-endpoint table: requests, failures, requests per second, percentiles in ms."""
    lines = [
        f"{'endpoint':<32} {'requests':>8} {'fail':>5} {'rps':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)"
    ]
    rows = sorted(results["endpoints"], key=lambda row: row["name"]) + [{**results["total"], "name": "all"}]
    for row in rows:
        label = row["name"] if row["method"] in ("GET", "POST", "") else f"{row['name']} ({row['method']})"
        lines.append(
            f"{label:<32} {row['requests']:>8} {row['failures']:>5} {row['rps']:>6.1f} "
            f"{row['p50']:>6.0f} {row['p95']:>6.0f} {row['p99']:>6.0f}"
        )
    return lines


def report(args, work: Path, database_url: str, code: int, server_log: Path, cpu: dict) -> bool:  # type: ignore[no-untyped-def]
    results = json.loads((work / "results.json").read_text())
    users = results["users"]
    counted = {(u["email"], a) for u in users for a in u["submitted"]}
    submissions = sum(len(u["submitted"]) for u in users)
    stored, completed, certificates = stored_attempts(database_url)
    log = server_log.read_text(errors="replace").splitlines()
    errors = [line for line in log if re.search(r"\bERROR\b|\bCRITICAL\b|Traceback", line)]
    registered = sum(1 for u in users if u["registered"])
    failures = results["total"]["failures"]
    print(
        f"load test: {len(users)} users ({registered} registered through the form), {args.seconds}s, "
        f"{args.workers} gunicorn workers, PostgreSQL, 127.0.0.1"
    )
    print("\n".join(table(results)))
    print(f"quiz submissions counted by the users : {submissions}")
    print(f"submitted attempts stored             : {len(stored)}")
    print(f"course completions / certificates     : {completed} / {certificates}")
    print(f"errors in the server log              : {len(errors)}")
    requests = max(results["total"]["requests"], 1)
    print(
        f"CPU: gunicorn {cpu['gunicorn']:.0f} s ({1000 * cpu['gunicorn'] / requests:.0f} ms a request, "
        f"scrypt for sign-in and sign-up included), locust {cpu['locust']:.0f} s; the machine's "
        f"{os.cpu_count()} cores were {cpu['machine']:.0%} busy (PostgreSQL and any other process included)"
    )
    problems = []
    if failures != 0:
        problems.append(
            f"{failures} failed requests (locust exit code {code}): " + "; ".join(results["errors"])
        )
    if submissions != len(counted) or counted != stored:
        problems.append(
            f"attempts differ: {len(counted - stored)} counted but not stored, "
            f"{len(stored - counted)} stored but not counted"
        )
    if completed != certificates:
        problems.append("a completed course without its certificate")
    if errors:
        problems.append("errors in the server log, e.g. " + errors[0])
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: zero failures, every counted submission is stored")
    return not problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--register-share", type=float, default=0.2, help="users who sign up by form")
    parser.add_argument("--know-share", type=float, default=0.8, help="chance a user knows the answers")
    parser.add_argument("--twice-share", type=float, default=0.05, help="two tabs or a double click")
    args = parser.parse_args()
    if not (0 < args.users <= MAX_USERS and 0 < args.seconds <= MAX_SECONDS):
        raise SystemExit(f"--users must be 1..{MAX_USERS} and --seconds 1..{MAX_SECONDS}")
    if not (BIN / "locust").exists():
        raise SystemExit("locust is not installed: .venv/bin/pip install -e '.[bench,postgres,redis]'")
    work = Path(tempfile.mkdtemp(prefix="academy-load-"))
    instance, secret = work / "instance", secrets.token_urlsafe(48)
    name = f"academy_load_{os.getpid()}"
    ok = False
    database_url = create_database(SERVER, name)
    try:
        print(f"preparing {name}: migrations, demo, {args.users} accounts …", flush=True)
        prepare(database_url, instance, secret, args.users, work / "plan.json")
        env = server_env(database_url, instance, secret)
        print(
            f"rate limits in {env['RATELIMIT_STORAGE_URI']}; running locust for {args.seconds}s …", flush=True
        )
        before, machine = children_cpu(), machine_jiffies()
        with gunicorn(env, args.workers, work / "gunicorn.log") as base:
            started = children_cpu()
            code = run_locust(base, args, work, work / "plan.json", instance / "outbox")
            locust_cpu, busy = children_cpu() - started, machine_jiffies()
        cpu = {
            "gunicorn": children_cpu() - before - locust_cpu,
            "locust": locust_cpu,
            "machine": (busy[0] - machine[0]) / max(busy[1] - machine[1], 1),
        }
        ok = report(args, work, database_url, code, work / "gunicorn.log", cpu)
    finally:
        drop_database(SERVER, name)
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"logs kept in {work} (gunicorn.log, locust.log, results.json)")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
