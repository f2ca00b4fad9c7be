"""The load test in one command: fresh PostgreSQL database, two app servers behind haproxy (production
configuration), locust, faults, checks.

    .venv/bin/python -m bench.load.run [--users 200] [--seconds 120] [--workers 2] [--spawn-rate 10]
        [--think 2,6] [--returning-share 0.8] [--register-share 0.05]
        [--faults worker,postgres,redis] [--profile SECONDS]

Creates a database on 127.0.0.1:5432 (user postgres, no password), migrates it and loads the demo plus one
confirmed account per simulated user, serves `wsgi:app` with gunicorn on 127.0.0.1 and 127.0.0.2 behind
haproxy (bench/cluster.py) and runs locust headless against haproxy for a bounded time, causing the
faults asked for (bench/load/faults.py) once every user has started. Then it stops the servers, compares
every quiz submission locust counted as successful with the attempts stored in the database, counts the
certificates, prints the tables, and drops the database. Exit status 0 only with zero failed requests
outside the faults' windows, no error in the servers' logs outside them, nothing lost and no page of a
fault that was not the retry page.
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.cluster import Cluster, server_env  # noqa: E402
from bench.load import faults as fault_kinds  # noqa: E402
from bench.load import profile  # noqa: E402
from bench.load.prepare import DOMAIN, PASSWORD, create_database, drop_database, prepare  # noqa: E402

BIN = Path(sys.executable).parent
SERVER = "127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
MAX_USERS, MAX_SECONDS = 2000, 600  # bounded: this is a loopback test, not a soak test
#: Every simulated user comes from 127.0.0.1, so the per-address limits on sign-in and sign-up (10 and 5
#: per minute in production) are raised for the run; they stay enforced, counted in Redis.
LIMIT = "100000 per minute"
#: Failures and server-log errors this long after a fault's recovery still belong to its window.
GRACE = 5.0


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


def load_env(database_url: str, instance: Path, secret: str, redis_url: str) -> dict[str, str]:
    """The servers' production configuration (bench/cluster.py), with the per-address limits raised."""
    if not redis_up():
        raise SystemExit("Redis is not running on 127.0.0.1:6379 (the servers share their rate limits there)")
    env = server_env(database_url, instance, secret, redis_url, queue=f"academy-load-{os.getpid()}")
    env.update(
        LOGIN_RATE_LIMIT=LIMIT, RESET_RATE_LIMIT=LIMIT, RATELIMIT_KEY_PREFIX=f"academy-load-{os.getpid()}"
    )
    return env


def run_locust(base: str, args: argparse.Namespace, work: Path, plan: Path, outbox: Path) -> subprocess.Popen:
    """Start locust headless against ``base``; returns the process (run.py waits for it)."""
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan),
        "LOAD_OUTBOX": str(outbox),
        "LOAD_RESULTS": str(work / "results.json"),
        "LOAD_REGISTER_SHARE": str(args.register_share),
        "LOAD_KNOW_SHARE": str(args.know_share),
        "LOAD_TWICE_SHARE": str(args.twice_share),
        "LOAD_THINK": args.think,
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
    out = open(work / "locust.log", "wb")  # noqa: SIM115 (closed with the process, below)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    process.log = out  # type: ignore[attr-defined]
    return process


def stored(database_url: str) -> dict:
    """What the database holds for the load-test accounts: submitted attempts, course completions,
    certificates, and (user, course) pairs with more than one active certificate."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run(["pg_isready", "-q", "-t", "300", "-h", "127.0.0.1"], timeout=310)  # after a restart
    mine, pattern = "u.email LIKE %s", (f"%@{DOMAIN}",)
    with psycopg.connect(url) as conn:
        attempts = conn.execute(
            f"SELECT u.email, a.id FROM quiz_attempts a JOIN users u ON u.id = a.user_id "  # noqa: S608
            f"WHERE a.submitted_at IS NOT NULL AND {mine}",
            pattern,
        ).fetchall()
        completed = conn.execute(
            f"SELECT count(*) FROM course_progress p JOIN users u ON u.id = p.user_id "  # noqa: S608
            f"WHERE p.completed_at IS NOT NULL AND {mine}",
            pattern,
        ).fetchone()[0]
        certificates = conn.execute(
            f"SELECT count(*) FROM certificates c JOIN users u ON u.id = c.user_id WHERE {mine}",  # noqa: S608
            pattern,
        ).fetchone()[0]
        doubled = conn.execute(
            f"SELECT count(*) FROM (SELECT c.user_id, c.course_id FROM certificates c "  # noqa: S608
            f"JOIN users u ON u.id = c.user_id WHERE {mine} AND c.revoked_at IS NULL "
            f"GROUP BY c.user_id, c.course_id HAVING count(*) > 1) AS twice",
            pattern,
        ).fetchone()[0]
        public_ids = [row[0] for row in conn.execute(
            f"SELECT c.public_id FROM certificates c JOIN users u ON u.id = c.user_id WHERE {mine}",  # noqa: S608
            pattern,
        ).fetchall()]  # fmt: skip
    return {
        "attempts": {(email, attempt) for email, attempt in attempts},
        "completed": completed,
        "certificates": certificates,
        "doubled": doubled,
        "public_ids": public_ids,
    }


def mail_check(outbox: Path, public_ids: list[str]) -> dict:
    """The outbox against the certificates: messages, those delivered twice (one Message-ID in two
    files), and certificates whose "ready" mail is missing or came twice."""
    from email import message_from_bytes, policy

    ids: dict[str, int] = {}
    ready: dict[str, int] = dict.fromkeys(public_ids, 0)
    for path in outbox.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        ids[str(message["Message-ID"])] = ids.get(str(message["Message-ID"]), 0) + 1
        body = message.get_body(("plain",)).get_content()
        for public_id in re.findall(r"CV(?:-[0-9A-Z]+){4}", body):
            if public_id in ready:
                ready[public_id] += 1
                break
    return {
        "messages": sum(ids.values()),
        "twice": sum(n - 1 for n in ids.values()),
        "ready_missing": sum(1 for n in ready.values() if n == 0),
        "ready_twice": sum(1 for n in ready.values() if n > 1),
    }


def settle(database_url: str, cluster: Cluster, seconds: float = 240) -> float:
    """Wait (bounded) until the job worker has done everything: no job queued, running or waiting for a
    retry in RQ, and every completion has its certificate. Returns the seconds waited."""
    from redis import Redis
    from rq import Queue
    from rq.registry import ScheduledJobRegistry, StartedJobRegistry

    queue = Queue(cluster.env["JOBS_QUEUE"], connection=Redis.from_url(cluster.env["REDIS_URL"]))
    begun = time.time()
    while time.time() - begun < seconds:
        busy = len(queue) + len(StartedJobRegistry(queue=queue).get_job_ids(cleanup=False))
        busy += len(ScheduledJobRegistry(queue=queue).get_job_ids(cleanup=False))
        found = stored(database_url)
        if not busy and found["completed"] == found["certificates"]:
            break
        time.sleep(2)
    return time.time() - begun


def table(results: dict) -> list[str]:
    """The per-endpoint table: requests, failures, requests per second, percentiles in ms."""
    lines = [
        f"{'endpoint':<32} {'requests':>8} {'fail':>5} {'rps':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)"
    ]
    pages = {**results["pages"], "name": "pages (all but sign-in/up)", "method": "", "rps": math.nan}
    rows = sorted(results["endpoints"], key=lambda row: row["name"])
    rows += [{**results["total"], "name": "all"}, pages]
    for row in rows:
        label = row["name"] if row["method"] in ("GET", "POST", "") else f"{row['name']} ({row['method']})"
        rps = "" if math.isnan(row["rps"]) else f"{row['rps']:.1f}"
        lines.append(
            f"{label:<32} {row['requests']:>8} {row['failures']:>5} {rps:>6} "
            f"{row['p50']:>6.0f} {row['p95']:>6.0f} {row['p99']:>6.0f}"
        )
    return lines


def in_window(moment: float, windows: list[fault_kinds.Window]) -> fault_kinds.Window | None:
    for window in windows:
        end = (window.recovered or window.restored or window.started) + GRACE
        if window.started - 1.0 <= moment <= end:
            return window
    return None


def fault_table(windows: list[fault_kinds.Window], failures: list, lost: int, doubled: int) -> list[str]:
    """``lost``: quiz answers, certificates and mails lost; ``doubled``: certificates and mails twice."""
    lines = [
        f"{'fault':<10} {'failed requests':>15} {'probes: ok / retry page / wrong':>32} {'data lost':>9} "
        f"{'outage (s)':>10} {'recovery (s)':>12}  what"
    ]
    for window in windows:
        failed = sum(1 for failure in failures if in_window(failure[0], [window]))
        probes = f"{window.verdicts('ok')} / {window.verdicts('retry page')} / {window.verdicts('wrong')}"
        outage = window.restored - window.started
        lines.append(
            f"{window.kind:<10} {failed:>15} {probes:>32} {lost + doubled:>9} {outage:>10.1f} "
            f"{window.recovery:>12.1f}  {window.note}"
        )
    return lines


def log_errors(text: str) -> list[tuple[float, str]]:
    """(time, line) of each error in the servers' and job workers' logs (Python logging's time stamp, local
    time). A traceback has the time of the record it belongs to, the last stamped line before it."""
    found, moment = [], 0.0
    for line in text.splitlines():
        stamp = re.match(r"\[?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(,\d+)?( [+-]\d{4})?", line)
        if stamp:  # gunicorn writes its offset; Python's logging, local time
            parsed = time.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S")
            moment = calendar.timegm(parsed) if stamp.group(3) == " +0000" else time.mktime(parsed)
        if re.search(r"\bERROR\b|\bCRITICAL\b|Traceback", line):
            found.append((moment, line))
    return found


def report(
    args, work: Path, database_url: str, code: int, logs: str, cpu: dict, windows, spots, sampler
) -> bool:  # type: ignore[no-untyped-def]
    results = json.loads((work / "results.json").read_text())
    users, failures = results["users"], results["failures"]
    counted = {(u["email"], a) for u in users for a in u["submitted"]}
    submissions = sum(len(u["submitted"]) for u in users)
    db = stored(database_url)
    lost = len(counted - db["attempts"])
    mail = mail_check(work / "instance" / "outbox", db["public_ids"])
    certificates_lost = max(db["completed"] - db["certificates"], 0)
    # An error within a second before a fault or within its window is the fault's (a worker killed, a
    # connection cut, Redis away); anything else counts. Lines without a time stamp always count.
    errors = [line for moment, line in log_errors(logs) if not (moment and in_window(moment + 0.5, windows))]
    registered = sum(1 for u in users if u["registered"])
    outside = [f for f in failures if not in_window(f[0], windows)]
    print(
        f"load test: {len(users)} users ({registered} registered through the form, "
        f"{args.returning_share:.0%} of the others returning with a remembered session), {args.seconds}s, "
        f"think time {args.think} s, 2 servers x {args.workers} gunicorn workers behind haproxy, "
        f"PostgreSQL, Redis, 127.0.0.1/127.0.0.2"
    )
    print("\n".join(table(results)))
    calm = sorted(ms for moment, ms in results["page_times"] if not in_window(moment, windows))
    calm_p95 = calm[min(int(0.95 * len(calm)), len(calm) - 1)] if calm else 0
    if windows:
        print(f"pages outside the faults' windows: {len(calm)} requests, p95 {calm_p95} ms")
    print("pages over time (ms; busy: the machine's share of CPU time in use):")
    print("\n".join(timeline(results["page_times"], windows, sampler)))
    print(f"quiz submissions counted by the users : {submissions}")
    print(f"submitted attempts stored             : {len(db['attempts'])} ({lost} counted but not stored)")
    print(f"course completions / certificates     : {db['completed']} / {db['certificates']}"
          f" (the job worker had finished {cpu['settled']:.0f} s after locust)")  # fmt: skip
    print(f"certificates issued twice             : {db['doubled']}")
    print(
        f"mail: {mail['messages']} messages, {mail['twice']} delivered twice (at least once, de-duplicated by "
        f"Message-ID); certificate-ready mails missing {mail['ready_missing']}, twice {mail['ready_twice']}"
    )
    print(f"failed requests outside fault windows : {len(outside)}")
    print(f"errors in the servers' logs (outside) : {len(errors)}")
    # The faults' probe asks too (pages, and sign-ins that hash the password): its requests count.
    probes = [p for window in windows for p in window.probes]
    requests = max(results["total"]["requests"] + len(probes), 1)
    # Password posts that got an answer: one that timed out in haproxy's queue never reached a worker.
    hashes = sum(
        r["requests"] - r["failures"]
        for r in results["endpoints"]
        if r["name"] in ("login (submit)", "register (submit)")
    ) + sum(1 for p in probes if p[1] == "sign-in" and p[2] == 302)
    pages_cpu = max(cpu["gunicorn"] - hashes * cpu["scrypt"], 0) / max(requests - hashes, 1)
    print(
        f"CPU: gunicorn {cpu['gunicorn']:.0f} s ({1000 * cpu['gunicorn'] / requests:.1f} ms a request, sign-in, "
        f"sign-up and the faults' {len(probes)} probe requests included), haproxy {cpu['haproxy']:.1f} s, locust {cpu['locust']:.0f} s "
        f"(one process), job worker {cpu['jobworker']:.0f} s; the machine's {os.cpu_count()} cores "
        f"were {cpu['machine']:.0%} busy (PostgreSQL and every other process included)"
    )
    print(
        f"     one scrypt hash costs {1000 * cpu['scrypt']:.0f} ms of CPU here; {hashes} sign-ins and sign-ups "
        f"took about {hashes * cpu['scrypt']:.0f} s of it, the other requests about {1000 * pages_cpu:.1f} ms each"
    )
    if spots:
        print(f"where the workers' CPU went (py-spy, {args.profile} s on one server, innermost library):")
        for label, share in spots:
            print(f"  {share:>6.1%}  {label}")
    if windows:
        print("faults (failed requests: locust's, from a second before the fault to 5 s after recovery; data lost: "
              "answers, certificates and ready mails lost, plus certificates or mails twice; mail is delivered "
              "at least once, de-duplicated by Message-ID):")  # fmt: skip
        lost_all = lost + certificates_lost + mail["ready_missing"]
        twice = db["doubled"] + mail["twice"] + mail["ready_twice"]
        print("\n".join(fault_table(windows, failures, lost_all, twice)))
    problems = []
    if outside:
        problems.append(f"{len(outside)} failed requests outside the faults (locust exit code {code}): "
                        + "; ".join(results["errors"])[:1500])  # fmt: skip
    if lost or submissions != len(counted):
        problems.append(f"attempts lost: {lost} counted but not stored")
    if db["completed"] != db["certificates"] or db["doubled"]:
        problems.append("a completed course without its certificate, or a certificate issued twice")
    if mail["twice"] or mail["ready_missing"] or mail["ready_twice"]:
        problems.append(f"mail delivered twice or missing: {mail}")
    if errors:
        problems.append("errors in the servers' logs, e.g. " + errors[0])
    crashed = [
        line for line in (work / "locust.log").read_text(errors="replace").splitlines() if "/ERROR/" in line
    ]
    if crashed:
        problems.append(f"{len(crashed)} simulated users' steps broke off (locust.log), e.g. {crashed[0]}")
    for window in windows:
        if window.verdicts("wrong"):
            problems.append(f"{window.kind}: {window.verdicts('wrong')} wrong answers, e.g. {window.wrong}")
        if not window.recovered:
            problems.append(f"{window.kind}: not recovered within 30 s")
        if not getattr(window, "rerun", True):
            problems.append(f"{window.kind}: the killed worker's jobs were not run again")
    if calm_p95 > args.p95:
        problems.append(
            f"p95 of the page requests outside the faults is {calm_p95} ms (target {args.p95} ms)"
        )
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print(
            f"OK: no failure outside the faults, nothing lost, every outage page was the retry page, "
            f"p95 of the pages {calm_p95} ms"
        )
    return not problems


def faults_thread(args, cluster: Cluster, probe_account, windows: list) -> threading.Thread:  # type: ignore[no-untyped-def]
    """The faults, one after another, once every user has started and settled."""
    kinds = [kind for kind in args.faults.split(",") if kind]
    ramp = args.users / args.spawn_rate + 10
    gap = max((args.seconds - ramp - 25) / max(len(kinds), 1), 20)

    def run() -> None:
        for number, kind in enumerate(kinds):
            time.sleep(max(started + ramp + number * gap - time.time(), 0))
            windows.append(fault_kinds.inject(kind, cluster, probe_account))

    started = time.time()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def servers_cpu(cluster: Cluster) -> float:
    """CPU seconds so far of both gunicorn masters and their current workers."""
    pids = [s.process.pid for s in cluster.servers] + [w for s in cluster.servers for w in s.workers()]
    return sum(fault_kinds.proc_cpu(pid) for pid in pids)


def scrypt_cpu() -> float:
    """CPU seconds of one password check at production's cost (werkzeug's scrypt), the median of three."""
    from werkzeug.security import check_password_hash, generate_password_hash

    stored = generate_password_hash(PASSWORD, method="scrypt")
    times = []
    for _ in range(3):
        begun = time.process_time()
        check_password_hash(stored, PASSWORD)
        times.append(time.process_time() - begun)
    return sorted(times)[1]


class BusySampler(threading.Thread):
    """The machine's busy share every few seconds while locust runs, for the timeline."""

    def __init__(self, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.every, self.samples, self.done = every, [(time.time(), *machine_jiffies())], threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.samples.append((time.time(), *machine_jiffies()))

    def busy_between(self, start: float, end: float) -> float | None:
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return None
        (_, busy0, total0), (_, busy1, total1) = inside[0], inside[-1]
        return (busy1 - busy0) / max(total1 - total0, 1)


def timeline(page_times: list, windows: list, sampler: BusySampler, step: int = 30) -> list[str]:
    """Pages per ``step`` seconds: how many, p50 and p95, how busy the machine was, which fault ran. Tells a
    slow ramp-up or a backlog after a fault from a platform that is slow all the time."""
    if not page_times:
        return []
    first = min(moment for moment, _ in page_times)
    buckets: dict[int, list[int]] = {}
    for moment, ms in page_times:
        buckets.setdefault(int((moment - first) // step), []).append(ms)
    lines = [f"{'seconds':>9} {'pages':>6} {'p50':>6} {'p95':>6}  busy  fault"]
    for index in sorted(buckets):
        times = sorted(buckets[index])
        start = first + index * step
        busy = sampler.busy_between(start, start + step)
        kinds = sorted(
            {
                w.kind
                for w in windows
                if w.started - 1.0 < start + step and (w.recovered or w.restored or w.started) + GRACE > start
            }
        )
        lines.append(
            f"{index * step:>4}-{(index + 1) * step:<4} {len(times):>6} {times[len(times) // 2]:>6} "
            f"{times[min(int(0.95 * len(times)), len(times) - 1)]:>6}  "
            f"{'' if busy is None else f'{busy:.0%}':>4}  {','.join(kinds)}"
        )
    return lines


def machine_busy(before: tuple[int, int]) -> float:
    """The share of the machine's CPU time that was busy since ``before`` (machine_jiffies())."""
    busy = machine_jiffies()
    return (busy[0] - before[0]) / max(busy[1] - before[1], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (two servers)")
    parser.add_argument("--think", default="2,6", help="seconds between a user's steps: min,max")
    parser.add_argument(
        "--returning-share", type=float, default=0.8, help="accounts with a remembered session"
    )
    parser.add_argument("--register-share", type=float, default=0.05, help="users who sign up by form")
    parser.add_argument("--know-share", type=float, default=0.8, help="chance a user knows the answers")
    parser.add_argument("--twice-share", type=float, default=0.05, help="two tabs or a double click")
    parser.add_argument("--faults", default="", help=f"comma-separated, of {', '.join(fault_kinds.KINDS)}")
    parser.add_argument("--profile", type=int, default=0, help="seconds of py-spy on one server (0: none)")
    parser.add_argument("--p95", type=int, default=500, help="target for pages outside faults, ms")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    if not (0 < args.users <= MAX_USERS and 0 < args.seconds <= MAX_SECONDS):
        raise SystemExit(f"--users must be 1..{MAX_USERS} and --seconds 1..{MAX_SECONDS}")
    if any(kind not in fault_kinds.KINDS for kind in args.faults.split(",") if kind):
        raise SystemExit(f"--faults: one or more of {', '.join(fault_kinds.KINDS)}")
    if not (BIN / "locust").exists():
        raise SystemExit("locust is not installed: .venv/bin/pip install -e '.[bench,postgres,redis]'")
    work = Path(tempfile.mkdtemp(prefix="academy-load-"))
    instance, secret = work / "instance", secrets.token_urlsafe(48)
    name = f"academy_load_{os.getpid()}"
    ok = False
    database_url = create_database(SERVER, name)
    try:
        print(f"preparing {name}: migrations, demo, {args.users + 1} accounts …", flush=True)
        plan = prepare(
            database_url, instance, secret, args.users + 1, work / "plan.json", args.returning_share
        )
        probe_email = next(e for e in reversed(plan["accounts"]) if e in plan["remember"])
        probe_account = (probe_email, PASSWORD, plan["remember"].pop(probe_email))
        plan["accounts"].remove(probe_email)  # the faults' probe: not one of the simulated users
        (work / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))
        env = load_env(database_url, instance, secret, args.redis_url)
        print(
            f"rate limits in {env['RATELIMIT_STORAGE_URI']}; running locust for {args.seconds}s …", flush=True
        )
        windows: list[fault_kinds.Window] = []
        scrypt = scrypt_cpu()
        with Cluster(env, work, args.workers) as cluster:
            started, machine, serving = children_cpu(), machine_jiffies(), servers_cpu(cluster)
            haproxy = fault_kinds.proc_cpu(cluster.balancer.pid)
            jobworker = fault_kinds.tree_cpu(cluster.job_worker.pid)
            locust = run_locust(cluster.url, args, work, work / "plan.json", instance / "outbox")
            sampler = BusySampler()
            sampler.start()
            faults = faults_thread(args, cluster, probe_account, windows)
            spots, spy = [], 0.0
            if args.profile:
                time.sleep(min(args.users / args.spawn_rate, args.seconds / 2))
                spy = children_cpu()
                raw = profile.record(cluster.servers[1].process.pid, args.profile, work / "profile.txt")
                spy = children_cpu() - spy
                spots = profile.summary(raw) if raw else [("py-spy is not installed", 1.0)]
            code = locust.wait(timeout=args.seconds + 150)
            sampler.done.set()
            locust.log.close()
            faults.join(timeout=120)
            settled = settle(database_url, cluster)
            for window in windows:
                if window.kind == "jobworker":
                    done = fault_kinds.jobs_finished(cluster, window)
                    window.note += (f"; {len(window.jobs)} abandoned job(s) done again "
                                    f"{done - window.restored:.0f} s after the new worker started"
                                    if done else "; its jobs NOT done again")  # fmt: skip
                    window.rerun = bool(done)  # type: ignore[attr-defined]
            cpu = {
                "settled": settled,
                "jobworker": fault_kinds.tree_cpu(cluster.job_worker.pid)
                - jobworker
                + sum(w.cpu_lost for w in windows if w.kind == "jobworker"),
                "gunicorn": servers_cpu(cluster)
                - serving
                + sum(w.cpu_lost for w in windows if w.kind == "worker"),
                "haproxy": fault_kinds.proc_cpu(cluster.balancer.pid) - haproxy,
                "locust": children_cpu() - started - spy,  # locust has ended; its processes are counted
                "machine": machine_busy(machine),
                "scrypt": scrypt,
            }
        ok = report(args, work, database_url, code, cluster.logs(), cpu, windows, spots, sampler)
    finally:
        drop_database(SERVER, name)
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"logs kept in {work} (gunicorn-*.log, haproxy.log, locust.log, results.json)")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
