"""RQ on Redis: the queue, the worker, and the job entry point a worker imports."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask, current_app

#: The queue's name; several deployments (or test runs) on one Redis use their own via JOBS_QUEUE.
DEFAULT_QUEUE = "academy"

_app: Flask | None = None
log = logging.getLogger(__name__)


def connection(url: str):  # type: ignore[no-untyped-def]
    from redis import Redis

    return Redis.from_url(url)


def queue(url: str, name: str | None = None):  # type: ignore[no-untyped-def]
    from rq import Queue

    name = name or current_app.config.get("JOBS_QUEUE") or DEFAULT_QUEUE
    return Queue(name, connection=connection(url))


class QueueUnavailable(Exception):
    """Redis cannot be reached (down, restarting, a network fault)."""


def push(
    url: str, name: str, args: list[Any], run_id: int | None, waits: list[int], base_url: str | None = None
) -> None:
    """Enqueue ``run(name, args, run_id)``; RQ retries it after each of ``waits`` seconds.

    :raises QueueUnavailable: when Redis cannot be reached.
    """
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from rq import Retry

    retry = Retry(max=len(waits), interval=waits) if waits else None
    try:
        queue(url).enqueue_call(
            "app.jobs.redis_queue.run",
            args=(name, args, run_id, base_url),
            retry=retry,
            failure_ttl=30 * 24 * 3600,
            description=f"{name}{tuple(args)!r}"[:120],  # a mail's arguments are the whole message
        )
    except (RedisConnectionError, RedisTimeoutError) as error:
        raise QueueUnavailable(str(error)) from error


def on_abandoned(job, exc_type, _exc_value, _traceback) -> None:  # type: ignore[no-untyped-def]
    """RQ's exception handler, called by a worker's maintenance for a job whose worker died mid-job (its
    heartbeat lapsed): RQ runs it again if it has retries left, else moves it to the failed registry; its
    job_runs row says which, so that the admins' page and "being prepared" stay true."""
    from rq.exceptions import AbandonedJobError

    if exc_type is not AbandonedJobError or job.func_name != "app.jobs.redis_queue.run":
        return
    from app.extensions import db
    from app.jobs.queue import abandoned

    name, _args, run_id = job.args[:3]
    retries = int(job.retries_left or 0)
    log.warning("job %s (%s) was abandoned by a dead worker; %s", job.id, name,
                f"run again ({retries} retries left)" if retries else "failed")  # fmt: skip
    with _the_app().app_context():
        try:
            abandoned(run_id, will_retry=retries > 0)
        finally:
            db.session.remove()


def retries_left() -> int:
    """How many retries RQ still has for the job running now (0: this attempt was the last)."""
    from rq import get_current_job

    job = get_current_job()
    return int(job.retries_left or 0) if job is not None else 0


def worker_app(app: Flask) -> None:
    """Jobs of this worker run in ``app`` (set by ``flask worker``; ``rq worker`` creates one)."""
    global _app
    _app = app


def _the_app() -> Flask:
    global _app
    if _app is None:
        from app import create_app

        _app = create_app(os.environ.get("APP_CONFIG") or None)
    return _app


def run(name: str, args: list[Any], run_id: int | None, base_url: str | None = None) -> None:
    """What the worker runs: one attempt of the job, in the app's context, with its own database pool."""
    from app.extensions import db
    from app.jobs.queue import perform

    with _the_app().app_context():
        db.engine.dispose(close=False)  # connections inherited from the worker's parent are not ours
        try:
            perform(name, args, run_id, base_url=base_url)
        finally:
            db.session.remove()
