"""Two app servers behind a load balancer, all on loopback: the topology of docs/deployment.md.

    .venv/bin/python -m bench.cluster [--seconds 300] [--workers 2] [--database-url URL]

Starts gunicorn (`wsgi:app`, production configuration) on **127.0.0.1** and on **127.0.0.2**, each on a
free port, Debian's haproxy on a free port of 127.0.0.1 in front of both, and one job worker (`flask
worker`, RQ); they share one PostgreSQL database, one instance folder (signing keys, mail outbox) and
Redis (rate limits, and the job queue: mail and certificates go through the worker as in production). Without
``--database-url`` it creates a database `academy_cluster_<pid>` with one course and a participant, prints
the addresses and serves until Ctrl-C or ``--seconds`` (at most an hour), then stops everything it started
and drops what it created. The load test (bench/load/run.py) and tests/scale use `Cluster` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOSTS = ("127.0.0.1", "127.0.0.2")
PG_SERVER = "127.0.0.1:5432"

#: haproxy's configuration. A plain TCP check: a server that accepts connections gets traffic, so that
#: during a database outage the app's own 503 page (in the visitor's language, with Retry-After) reaches
#: the visitor rather than haproxy's English one; /healthz is for monitoring. A request whose server
#: closed the connection without answering (a worker killed mid-request) is sent again to the other
#: server: every form of the platform may be sent twice (a quiz submission ends at its attempt's result,
#: a second sign-in starts a second session), which is what `retry-on` requires.
HAPROXY_CONFIG = """\
global
    maxconn 4096
    stats socket {socket} mode 600 level admin
    log stdout format raw local0 warning

defaults
    mode http
    log global
    option httplog
    option forwardfor
    option http-buffer-request
    option redispatch
    retries 2
    retry-on conn-failure empty-response
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout queue 30s

frontend academy
    bind {bind}
    default_backend app_servers

backend app_servers
    balance roundrobin
{servers}
"""
SERVER_LINE = "    server {name} {address} check inter 1s fall 2 rise 1 maxconn {maxconn}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Until ``url`` answers at all (any HTTP status); fails if ``process`` ends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{process.args[0]} exited:\n{log.read_text(errors='replace')[-3000:]}"
                ) from None
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def base_environment() -> dict[str, str]:
    """What the servers inherit from this process: nothing of its own app configuration (a test's)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {key: os.environ[key] for key in keep if key in os.environ}


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers of its master)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def kill_tree(pid: int) -> list[int]:
    """SIGKILL ``pid`` and every process under it, as a crashed machine or a killed container would: an
    RQ worker's work horse has a process group of its own, so killing the worker's group would spare it."""
    found, seen = [pid], 0
    while seen < len(found):
        found += children(found[seen])
        seen += 1
    for victim in found:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return found


@dataclass
class AppServer:
    """One gunicorn master with its sync workers."""

    name: str
    host: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def workers(self) -> list[int]:
        return children(self.process.pid)


@dataclass
class Cluster:
    """Two gunicorn servers (127.0.0.1, 127.0.0.2) behind haproxy and one job worker; ``env`` is their
    configuration (server_env)."""

    env: dict[str, str]
    work: Path
    workers: int = 2
    servers: list[AppServer] = field(default_factory=list)
    balancer: subprocess.Popen | None = None
    url: str = ""
    #: The job worker running now, and every one started so far (a fault kills one and starts another).
    job_worker: subprocess.Popen | None = None
    job_logs: list[Path] = field(default_factory=list)

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if shutil.which("haproxy") is None:
            raise RuntimeError("haproxy is not installed (Debian: apt-get install haproxy)")
        self.work.mkdir(parents=True, exist_ok=True)
        env = {**base_environment(), "PROXY_COUNT": "1", **self.env}
        for number, host in enumerate(HOSTS, start=1):
            port, log = free_port(host), self.work / f"gunicorn-{number}.log"
            command = [str(BIN / "gunicorn"), "wsgi:app", "--bind", f"{host}:{port}"]
            command += ["--workers", str(self.workers), "--timeout", "30", "--log-level", "warning"]
            with open(log, "wb") as out:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
            self.servers.append(AppServer(f"app{number}", host, port, process, log))
        for server in self.servers:
            wait_for(server.url + "/healthz", server.process, server.log)
        port = free_port()
        config = self.work / "haproxy.cfg"
        config.write_text(self.haproxy_config(f"127.0.0.1:{port}"))
        log = self.work / "haproxy.log"
        with open(log, "wb") as out:
            self.balancer = subprocess.Popen(
                ["haproxy", "-db", "-f", str(config)], stdout=out, stderr=out, cwd=self.work
            )
        self.url = f"http://127.0.0.1:{port}"
        wait_for(self.url + "/healthz", self.balancer, log)
        if self.env.get("REDIS_URL"):
            self.start_job_worker()

    def start_job_worker(self) -> subprocess.Popen:
        """Start `flask worker` on the servers' configuration; returns once it listens on the queue."""
        log = self.work / f"jobworker-{len(self.job_logs) + 1}.log"
        env = {**base_environment(), **self.env, "FLASK_APP": "app"}
        with open(log, "wb") as out:
            self.job_worker = subprocess.Popen(
                [str(BIN / "flask"), "worker"], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        self.job_logs.append(log)
        deadline = time.monotonic() + 60
        while "Listening on" not in log.read_text(errors="replace"):
            if self.job_worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the job worker did not start:\n{log.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.1)
        return self.job_worker

    def kill_job_worker(self) -> list[int]:
        """SIGKILL the job worker, its work horse (the job under way) and its scheduler."""
        assert self.job_worker is not None
        killed = kill_tree(self.job_worker.pid)
        self.job_worker.wait(timeout=30)
        return killed

    def haproxy_config(self, bind: str) -> str:
        lines = [
            SERVER_LINE.format(name=s.name, address=f"{s.host}:{s.port}", maxconn=self.workers)
            for s in self.servers
        ]
        return HAPROXY_CONFIG.format(bind=bind, servers="\n".join(lines), socket=self.work / "haproxy.sock")

    def stop(self) -> None:
        """Stop haproxy, the servers (gunicorn finishes the requests under way) and the job worker (it
        finishes its job), then delete this cluster's queue from Redis."""
        processes = ([self.balancer] if self.balancer else []) + [s.process for s in self.servers]
        processes += [self.job_worker] if self.job_worker else []
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.env.get("REDIS_URL") and self.env.get("JOBS_QUEUE"):
            forget_queue(self.env["REDIS_URL"], self.env["JOBS_QUEUE"])

    def logs(self) -> str:
        """The servers' logs and the job workers'."""
        return "\n".join(
            log.read_text(errors="replace") for log in [s.log for s in self.servers] + self.job_logs
        )

    def job_log(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in self.job_logs)


def forget_queue(redis_url: str, queue: str) -> None:
    """Delete an RQ queue's keys and its jobs' (the finished ones expire by themselves)."""
    from redis import Redis
    from rq import Queue
    from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

    redis = Redis.from_url(redis_url)
    rq_queue = Queue(queue, connection=redis)
    jobs = list(rq_queue.job_ids)
    for registry in (FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry):
        jobs += registry(queue=rq_queue).get_job_ids(cleanup=False)
    keys = [f"rq:job:{job}" for job in jobs] + list(redis.scan_iter(f"rq:*{queue}*"))
    if keys:
        redis.delete(*keys)


def server_env(
    database_url: str, instance: Path, secret: str, redis_url: str, queue: str | None = None
) -> dict[str, str]:
    """The production configuration of docs/deployment.md, on plain-http loopback behind haproxy; the
    jobs go to RQ on ``redis_url``, on a queue of this cluster's own (``queue``)."""
    signing = instance / "signing"  # the development CA that `flask demo load` / the first issue made
    return {
        "APP_CONFIG": "production",
        "SECRET_KEY": secret,
        "SERVER_BASE_URL": "https://academy.chinvalue.example",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "MAIL_SERVER": "",  # mail goes to the shared outbox
        "MAIL_OUTBOX": str(instance / "outbox"),
        "SESSION_COOKIE_SECURE": "0",  # no TLS on loopback; behind the TLS proxy this stays 1
        "RATELIMIT_STORAGE_URI": redis_url,
        "REDIS_URL": redis_url,
        "JOBS_QUEUE": queue or f"academy-cluster-{os.getpid()}-{secrets.token_hex(4)}",
        "SIGNING_PKCS12": str(signing / "signer.p12"),
        "SIGNING_PASSPHRASE": "chinvalue-development-only",
        "SIGNING_TRUST_ROOTS": str(signing / "ca.pem"),
        "PROXY_COUNT": "1",
    }


def prepare_small(
    database_url: str, instance: Path, secret: str, plan: Path, course: str = "ip-china"
) -> dict:
    """Migrate, import one course from courses/, make the development signing CA; returns the plan (the
    course's modules and answer key, see bench/load/prepare.py). In a process of its own: it sets the
    environment the app reads."""
    command = [str(BIN / "python"), "-m", "bench.load.prepare", database_url, str(instance), secret]
    command += [str(ROOT / "courses" / course), str(plan)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"preparing the database failed:\n{done.stderr[-3000:]}")
    return json.loads(plan.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--database-url", help="an existing, migrated database (else a new one)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600:
        raise SystemExit("--seconds must be 1..3600")
    from bench.load.prepare import create_database, drop_database

    work = Path(tempfile.mkdtemp(prefix="academy-cluster-"))
    instance, secret, name = work / "instance", secrets.token_urlsafe(48), f"academy_cluster_{os.getpid()}"
    database_url = args.database_url or create_database(PG_SERVER, name)
    try:
        if not args.database_url:
            print(f"preparing {name}: migrations, one course …", flush=True)
            prepare_small(database_url, instance, secret, work / "plan.json")
        env = server_env(database_url, instance, secret, args.redis_url)
        with Cluster(env, work, args.workers) as cluster:
            for server in cluster.servers:
                print(
                    f"{server.name}: {server.url} (gunicorn {server.process.pid}, workers {server.workers()})"
                )
            worker = cluster.job_worker.pid if cluster.job_worker else None
            print(f"job worker: {worker} on queue {env['JOBS_QUEUE']}")
            print(f"haproxy: {cluster.url}   config and logs in {work}", flush=True)
            try:
                time.sleep(args.seconds)
            except KeyboardInterrupt:
                pass
    finally:
        if not args.database_url:
            drop_database(PG_SERVER, name)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
