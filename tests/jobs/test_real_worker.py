"""Jobs through Redis with a real worker process (``flask worker``), as in production: the participant's
page says "being prepared" until the worker has issued the certificate; a signing failure is retried
with backoff, a job that still fails lands in RQ's failed registry and on the admins' page, and their
retry issues it once the key is back; two workers running the same job issue one certificate.

Marked ``real_worker``: .ci/run runs them once (on SQLite); they skip when no Redis answers at
TEST_REDIS_URL (default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.certificates.keys import DEV_PASSPHRASE
from app.certificates.models import Certificate
from app.extensions import db
from app.jobs.models import DONE, FAILED, RETRYING, JobRun
from bench.cluster import kill_tree

pytestmark = pytest.mark.real_worker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FLASK = str(Path(sys.executable).with_name("flask"))
READY_DE = "Ihr Zertifikat ist fertig"


def _redis_or_skip():  # type: ignore[no-untyped-def]
    try:
        from redis import Redis
    except ImportError:
        pytest.skip("the redis extra is not installed (pip install -e '.[redis]')")
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001  (any failure means: no Redis here)
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); .ci/run starts one and runs these tests")
    return client


@pytest.fixture
def queue_name(app, monkeypatch) -> Iterator[str]:
    """The app sends jobs to Redis, on a queue of this test's own; the queue's keys are deleted after."""
    redis = _redis_or_skip()
    name = f"academy-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "JOBS_QUEUE", name)
    monkeypatch.setitem(app.config, "JOBS_BACKOFF", "2")
    yield name
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


class Workers:
    """``flask worker`` processes on the suite's database, instance folder and outbox."""

    def __init__(self, app, queue: str, log_dir: Path) -> None:  # type: ignore[no-untyped-def]
        self.app, self.queue, self.log_dir = app, queue, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self, **settings: str) -> None:
        env = {
            **os.environ,
            "APP_CONFIG": "development",
            "FLASK_APP": "app",
            "DATABASE_URL": self.app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_PATH": self.app.instance_path,
            "MAIL_OUTBOX": str(Path(self.app.instance_path) / "outbox"),
            "MAIL_SERVER": "",
            "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": self.queue,
            "SERVER_BASE_URL": "http://localhost",
            "SIGNING_PKCS12": "",
            **settings,
        }
        log = open(self.log_dir / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen([FLASK, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
        )

    def kill(self, index: int = 0) -> list[int]:
        """SIGKILL the worker with its work horse and scheduler; returns their process ids."""
        killed = kill_tree(self.processes[index].pid)
        self.processes[index].wait(timeout=15)
        return killed

    def log(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.log_dir.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


@pytest.fixture
def workers(app, queue_name, tmp_path) -> Iterator[Workers]:
    started = Workers(app, queue_name, tmp_path)
    yield started
    started.stop()


def wait_for(what: Callable[[], object], workers: Workers, timeout: float = 120) -> object:
    """``what()`` once it is truthy; a worker takes up to a minute to start on a busy machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out; worker log:\n{workers.log()[-4000:]}")


def _run(app) -> JobRun | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(JobRun).where(JobRun.name == "certificates.issue"))


def _certificates(app, user_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.scalars(select(Certificate.public_id).where(Certificate.user_id == user_id)))


def _ready_mails(outbox) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["To"] for m in outbox.messages() if m["Subject"] == READY_DE]


def test_the_worker_issues_the_certificate_and_mails_once(
    app, sample, participant, auth, taker, outbox, workers
):
    auth.login(participant.email)
    taker.take(right=True)
    assert _certificates(app, participant.id) == []  # no worker yet: queued in Redis
    page = auth.client.get("/certificates").get_data(as_text=True)
    assert 'class="cert-preparing"' in page and "Ihr Zertifikat wird gerade erstellt" in page

    workers.start()
    wait_for(lambda: _ready_mails(outbox), workers)
    [public_id] = _certificates(app, participant.id)
    assert _ready_mails(outbox) == [participant.email]
    run = _run(app)
    assert run is not None and (run.status, run.attempts) == (DONE, 1)
    page = auth.client.get("/certificates").get_data(as_text=True)
    assert public_id in page and 'class="cert-preparing"' not in page


def test_signing_failures_are_retried_with_backoff_then_listed_and_retried_by_an_admin(
    app, sample, participant, auth, taker, outbox, workers, missing_key, create_user
):
    from app.auth.models import Role

    workers.start(SIGNING_PKCS12=str(missing_key.path), SIGNING_PASSPHRASE=DEV_PASSPHRASE)
    auth.login(participant.email)
    taker.take(right=True)
    run = wait_for(lambda: (r := _run(app)) is not None and r.status == FAILED and r, workers, timeout=150)
    assert run.attempts == run.max_attempts == 5
    assert "signing key cannot be used" in run.error
    starts = [datetime.fromisoformat(at) for at in run.result["attempts_at"]]
    gaps = [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]
    assert len(gaps) == 4 and min(gaps) >= 1.0, (
        gaps
    )  # JOBS_BACKOFF=2 (RQ schedules to the second): each retry waited
    assert _certificates(app, participant.id) == []

    from rq import Queue
    from rq.registry import FailedJobRegistry

    from app.jobs.redis_queue import connection

    failed = FailedJobRegistry(queue=Queue(workers.queue, connection=connection(REDIS_URL)))
    # RQ files the job as failed just after our row says so (the job's last act is to raise).
    assert len(wait_for(failed.get_job_ids, workers, timeout=30)) == 1

    admin = create_user(role=Role.ADMIN, email="admin@example.org", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": admin.email, "password": "correct-horse-battery"})
    assert "signing key cannot be used" in client.get("/admin/jobs").get_data(as_text=True)
    missing_key.restore()
    assert client.post(f"/admin/jobs/{run.id}/retry").status_code == 302
    wait_for(lambda: (r := _run(app)) is not None and r.status == DONE, workers)
    assert len(_certificates(app, participant.id)) == 1
    wait_for(lambda: _ready_mails(outbox), workers)
    assert _ready_mails(outbox) == [participant.email]


def test_a_retry_after_a_transient_failure_issues_once(
    app, sample, participant, auth, taker, outbox, workers, missing_key
):
    """The key store comes back between two attempts: the retry succeeds, without anyone's help."""
    workers.start(SIGNING_PKCS12=str(missing_key.path), SIGNING_PASSPHRASE=DEV_PASSPHRASE)
    auth.login(participant.email)
    taker.take(right=True)
    wait_for(lambda: (r := _run(app)) is not None and r.status == RETRYING, workers)
    missing_key.restore()
    run = wait_for(lambda: (r := _run(app)) is not None and r.status == DONE and r, workers)
    assert 2 <= run.attempts < run.max_attempts
    assert len(_certificates(app, participant.id)) == 1
    wait_for(lambda: _ready_mails(outbox), workers)
    assert _ready_mails(outbox) == [participant.email]


def test_two_workers_running_the_same_job_issue_one_certificate(
    app, sample, participant, auth, taker, outbox, workers
):
    """The same job queued four times (as after lost acknowledgements), run by two workers at once."""
    from app.jobs.redis_queue import push

    auth.login(participant.email)
    taker.take(right=True)  # queued once by the completion; no worker yet
    course_id = _course_id(app)
    with app.app_context():
        for _ in range(3):
            push(REDIS_URL, "certificates.issue", [participant.id, course_id], None, [1])
    workers.start()
    workers.start()
    wait_for(lambda: _ready_mails(outbox), workers)
    time.sleep(3)  # let both workers finish whatever they took
    assert len(_certificates(app, participant.id)) == 1
    assert _ready_mails(outbox) == [participant.email]


def _course_id(app) -> int:  # type: ignore[no-untyped-def]
    from app.courses.models import Course

    with app.app_context():
        return db.session.scalar(select(Course.id))


@contextmanager
def _certificates_locked(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Another transaction holds the certificates table (PostgreSQL: an EXCLUSIVE lock, reads still go;
    SQLite: the database's write lock), so that a job that started waits in the middle until we let go."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        connection.execute("LOCK TABLE certificates IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker_which_issues_once(
    app, sample, participant, auth, taker, outbox, workers
):
    """SIGKILL the worker (its work horse and scheduler too) while the certificate job runs; a new
    worker finds the job abandoned once its heartbeat has lapsed (RQ: about 70 s), runs it again: one
    certificate, one mail, and the job_runs row is done."""
    from rq import Queue
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    from app.jobs.redis_queue import connection

    rq_queue = Queue(workers.queue, connection=connection(REDIS_URL))
    auth.login(participant.email)
    taker.take(right=True)  # queued; no worker yet
    with _certificates_locked(app):
        workers.start()
        wait_for(lambda: StartedJobRegistry(queue=rq_queue).get_job_ids(cleanup=False), workers, timeout=120)
        time.sleep(1.0)  # in the job now, waiting for the certificates table
        assert len(workers.kill(0)) >= 3  # the worker, its scheduler, the work horse running the job
    assert _certificates(app, participant.id) == [] and _ready_mails(outbox) == []
    assert StartedJobRegistry(queue=rq_queue).get_job_ids(cleanup=False)  # RQ still thinks it runs

    workers.start()
    wait_for(lambda: _ready_mails(outbox), workers, timeout=240)
    time.sleep(2)  # anything still under way (a second run, a second mail) would show now
    assert len(_certificates(app, participant.id)) == 1
    assert _ready_mails(outbox) == [participant.email]
    run = _run(app)
    assert run is not None and run.status == DONE, run
    assert "abandoned" in workers.log(), workers.log()
    assert FailedJobRegistry(queue=rq_queue).get_job_ids() == []
