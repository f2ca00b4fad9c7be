"""Faults injected into the load test, each bounded in time, and what visitors saw meanwhile (issue 16 §3).

- ``worker``: SIGKILL one gunicorn worker of the first server while it serves; its master starts another.
- ``postgres``: `pg_ctlcluster --skip-systemctl-redirect <version> main restart` (every connection is cut).
- ``redis``: Redis shut down for ten seconds, then started again as CI starts it.
- ``jobworker``: SIGKILL the job worker (with its work horse and scheduler) while it runs a job, a
  certificate's if one comes within 30 s, and start a new one. RQ finds the dead worker's jobs once their
  heartbeat has lapsed and runs them again; the run's checks then count certificates and mails.

While a fault lasts, a probe asks the platform through the balancer every 0.25 s for a signed-in page
(`/learning`, with a remember-me cookie, so that every probe needs the database), in German, English and
Chinese in turn, and signs in through the form every two seconds (the sign-in is rate-limited in Redis). A
probe answer is right when it is the page (200 or the sign-in's redirect), acceptable when it is a 503
retry page in the language asked (``<html lang>``) with a Retry-After header, and wrong otherwise (a 500,
a bare error, a page in another language). Seconds to recover: from the moment the broken part works again
to the first request that got a right answer (the time it was sent).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from bench.cluster import Cluster, children

KINDS = ("worker", "postgres", "redis", "jobworker")
LANGS = {"de": "de", "en": "en", "zh": "zh-Hans"}
HTML_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
    "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
REDIS_DOWN_SECONDS = 10


@dataclass
class Window:
    """One fault: when it began, when the broken part worked again, what the probe saw."""

    kind: str
    started: float = 0.0
    restored: float = 0.0
    probes: list[tuple[float, str, int, str]] = field(default_factory=list)  #: (time, what, status, verdict)
    note: str = ""
    cpu_lost: float = 0.0  #: CPU seconds of a killed worker, which no one can read after it is gone
    jobs: list[str] = field(default_factory=list)  #: RQ jobs running when the job worker was killed
    #: The first wrong answers' details (status, language asked, <html lang>, Retry-After, start of body).
    wrong: list[str] = field(default_factory=list)

    @property
    def recovered(self) -> float:
        """When the first request that got a right answer after the broken part came back was sent (0: none
        yet). The time it was sent, not answered: a slow answer on a busy machine is not the fault's."""
        sent = [p[0] for p in list(self.probes) if p[3] == "ok" and self.restored and p[0] >= self.restored]
        return min(sent, default=0.0)

    @property
    def recovery(self) -> float:
        return max(self.recovered - self.restored, 0.0) if self.recovered else float("nan")

    def verdicts(self, verdict: str) -> int:
        return sum(1 for probe in self.probes if probe[3] == verdict)


def _get(url: str, headers: dict[str, str], data: bytes | None = None) -> tuple[int, Message, str]:
    """Status, headers (looked up without regard to case: haproxy sends header names in lower case, e.g.
    ``retry-after``) and body; status 0 when no answer came."""
    request = urllib.request.Request(url, data=data, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=15) as answer:
            return answer.status, answer.headers, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")
    except OSError as error:
        return 0, Message(), str(error)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        return None


def explain(status: int, headers: Message, body: str, lang: str) -> str:
    """What a wrong answer was, for the report."""
    found = HTML_LANG.search(body)
    page_lang = found.group(1) if found else None
    retry = headers.get("Retry-After")
    return f"{status} asked {lang} got lang={page_lang} Retry-After={retry} {' '.join(body.split())[:120]!r}"


def judge(status: int, headers: Message, body: str, lang: str, good: tuple[int, ...] = (200,)) -> str:
    """ "ok", "retry page" (503 in the language asked, with Retry-After) or "wrong"."""
    if status in good:
        return "ok"
    found = HTML_LANG.search(body)
    if status == 503 and found and found.group(1) == LANGS[lang] and "Retry-After" in headers:
        return "retry page"
    return "wrong"


class Probe(threading.Thread):
    """Asks the platform through the balancer until stopped, noting every answer in ``window``."""

    def __init__(self, base: str, remember: str, email: str, password: str, window: Window) -> None:
        super().__init__(daemon=True)
        self.base, self.remember, self.email, self.password = base, remember, email, password
        self.window, self.stopping = window, threading.Event()

    def run(self) -> None:
        """A request every 0.25 s, each in a thread of its own, so that a slow answer (a busy machine)
        does not delay the next: the recovery is then known to a quarter of a second."""
        turn, pending = 0, []
        while not self.stopping.is_set():
            lang = list(LANGS)[turn % 3]
            pending.append(threading.Thread(target=self.page, args=(lang,), daemon=True))
            if turn % 8 == 0:  # a sign-in every 2 s: each costs a scrypt hash of ~0.1 s CPU
                pending.append(threading.Thread(target=self.sign_in, args=(lang,), daemon=True))
            for thread in pending[-2:]:
                if not thread.is_alive() and thread.ident is None:
                    thread.start()
            turn += 1
            self.stopping.wait(0.25)
        for thread in pending:
            thread.join(timeout=20)

    def note(self, sent: float, what: str, status: int, verdict: str) -> None:
        self.window.probes.append((sent, what, status, verdict))

    def page(self, lang: str) -> None:
        headers = {"Cookie": f"remember_token={self.remember}", "Accept-Language": lang}
        sent = time.time()
        status, answer_headers, body = _get(self.base + "/learning", headers)
        verdict = judge(status, answer_headers, body, lang)
        if verdict == "wrong" and len(self.window.wrong) < 3:
            self.window.wrong.append(explain(status, answer_headers, body, lang))
        self.note(sent, "page", status, verdict)

    def sign_in(self, lang: str) -> None:
        sent = time.time()
        status, headers, body = _get(self.base + "/login", {"Accept-Language": lang})
        token = CSRF.search(body)
        if status != 200 or token is None:
            self.note(sent, "sign-in", status, judge(status, headers, body, lang))
            return
        cookie = "; ".join(v.split(";", 1)[0] for k, v in headers.items() if k.lower() == "set-cookie")
        form = {"csrf_token": token.group(1), "email": self.email, "password": self.password}
        status, headers, body = _get(
            self.base + "/login",
            {"Accept-Language": lang, "Cookie": cookie},
            urllib.parse.urlencode(form).encode(),
        )
        self.note(sent, "sign-in", status, judge(status, headers, body, lang, good=(302,)))


def kill_worker(cluster: Cluster, window: Window) -> None:
    server = cluster.servers[0]
    workers = server.workers()
    victim = workers[0]
    window.cpu_lost = proc_cpu(victim)
    window.started = time.time()
    server_pid = server.process.pid
    os.kill(victim, signal.SIGKILL)
    deadline = time.time() + 60
    while time.time() < deadline:
        now = children(server_pid)
        if len(now) >= len(workers) and victim not in now:
            break
        time.sleep(0.05)
    window.restored = time.time()
    window.note = f"worker {victim} of {server.name} killed (SIGKILL)"


def running_jobs(cluster: Cluster) -> list[tuple[str, str]]:
    """(job id, description) of the jobs the job worker runs now (RQ's started registry)."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    redis = Redis.from_url(cluster.env["REDIS_URL"])
    queue = Queue(cluster.env["JOBS_QUEUE"], connection=redis)
    found = []
    for job_id in StartedJobRegistry(queue=queue).get_job_ids(cleanup=False):
        job = Job.fetch(job_id, connection=redis)
        if job.get_status() == "started":
            found.append((job_id, job.description or ""))
    return found


def kill_job_worker(cluster: Cluster, window: Window) -> None:
    """Kill the job worker mid-job (a certificate's if one starts within 30 s, else any job within another
    30 s), start a new one."""
    begun, running = time.time(), []
    while time.time() < begun + 60:
        running = running_jobs(cluster)
        if any(d.startswith("certificates.issue") for _id, d in running):
            break
        if running and time.time() > begun + 30:
            break
        time.sleep(0.05)
    window.cpu_lost = tree_cpu(cluster.job_worker.pid)
    window.started = time.time()
    killed = cluster.kill_job_worker()
    window.jobs = [job_id for job_id, _description in running]
    cluster.start_job_worker()
    window.restored = time.time()
    what = ", ".join(d.split("(")[0] for _id, d in running) or "no job"
    window.note = f"job worker {killed[0]} killed (SIGKILL, {len(killed)} processes) while running {what}"


def jobs_finished(cluster: Cluster, window: Window) -> float:
    """When the last of the killed worker's jobs finished when RQ ran it again (0: not yet, or failed)."""
    from redis import Redis
    from rq.job import Job

    redis, ended = Redis.from_url(cluster.env["REDIS_URL"]), []
    for job_id in window.jobs:
        job = Job.fetch(job_id, connection=redis)
        if job.get_status() != "finished" or job.ended_at is None:
            return 0.0
        ended.append(job.ended_at.timestamp())
    return max(ended, default=window.restored)


def proc_cpu(pid: int) -> float:
    """CPU seconds of a running process (utime + stime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and of its children that have ended (an RQ worker's work horses)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def restart_postgres(window: Window) -> None:
    """Restart PostgreSQL as an operator would for a planned restart: a CHECKPOINT first (not timed), so
    that the shutdown does not wait for minutes of dirty pages on a busy disk; then `restart` (fast mode:
    every session is cut). If pg_ctl gives up waiting for the shutdown, the cluster is started once it
    is down (a shared machine's PostgreSQL must come back whatever happens)."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", "CHECKPOINT"], timeout=300)
    window.started = time.time()
    done = subprocess.run([*cluster, "restart"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        window.note = f"pg_ctlcluster restart failed ({done.stderr.strip()[:120]}); started again. "
        deadline = time.time() + 600
        while (
            time.time() < deadline
            and "online"
            in subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
            .stdout.split(version, 1)[-1]
            .split("\n", 1)[0]
        ):
            time.sleep(1)
        subprocess.run([*cluster, "start"], capture_output=True, timeout=300)
    _wait(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], seconds=300)
    window.restored = time.time()
    window.note += f"PostgreSQL {version} restarted"


def stop_redis(window: Window) -> None:
    window.started = time.time()
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    time.sleep(max(REDIS_DOWN_SECONDS - (time.time() - window.started), 0))
    subprocess.run(REDIS_START, check=True, capture_output=True, timeout=30)
    _wait(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"])
    window.restored = time.time()
    window.note = f"Redis down for {window.restored - window.started:.0f} s"


def _wait(command: list[str], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if subprocess.run(command, capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{command[0]}: not back after {seconds:.0f} s")


def inject(kind: str, cluster: Cluster, probe_account: tuple[str, str, str]) -> Window:
    """Cause the fault ``kind`` with the probe running; returns its window once the platform has recovered
    (or 30 s after the broken part came back)."""
    window = Window(kind)
    email, password, remember = probe_account
    probe = Probe(cluster.url, remember, email, password, window)
    probe.start()
    time.sleep(1.0)  # a second of answers before the fault
    try:
        if kind == "worker":
            kill_worker(cluster, window)
        elif kind == "jobworker":
            kill_job_worker(cluster, window)
        elif kind == "postgres":
            restart_postgres(window)
        else:
            stop_redis(window)
        deadline = time.time() + 30
        while not window.recovered and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(2.0)  # and two seconds after recovery: it must stay recovered
    finally:
        probe.stopping.set()
        probe.join(timeout=20)
    return window
