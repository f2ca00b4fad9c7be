"""Putting jobs on the queue — after the current transaction commits — and running them.

With ``REDIS_URL`` set, jobs go to RQ on Redis and a worker (``flask worker``) runs them, retrying with the
job's backoff. Without it (development, the test suite) they run eagerly in this process, through the same
:func:`perform`, right after the commit (in a request: once the answer has gone out); retries then follow
at once, without waiting.
"""

from __future__ import annotations

import logging
import traceback
from contextlib import AbstractContextManager, nullcontext
from contextvars import ContextVar
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import DONE, FAILED, OPEN, QUEUED, RETRYING, RUNNING, JobRun
from app.jobs.registry import GiveUp, spec, waits
from app.timeutil import utcnow
from app.unit_of_work import after_commit, unit_of_work

log = logging.getLogger(__name__)
_current_run: ContextVar[int | None] = ContextVar("current_job_run", default=None)


def enqueue(name: str, *args: Any, key: str | None = None, user_id: int | None = None) -> None:
    """Run the job ``name`` with ``args`` (JSON values) once the current transaction has committed.

    A tracked job with a ``key`` that is already open (queued, running, waiting for a retry) is not
    queued again.
    """
    spec(name)  # fails now, in the caller, for a misspelt name
    after_commit(dispatch, name, list(args), key, user_id, _base_url())


def _base_url() -> str | None:
    """Where links in the job's mail and certificates point: SERVER_BASE_URL (always set in production),
    else the development server that queued the job."""
    if current_app.config.get("SERVER_BASE_URL") or not has_request_context():
        return None
    return request.host_url


def open_run(key: str) -> JobRun | None:
    """The job about ``key`` that will still run, if any."""
    return db.session.scalar(
        select(JobRun).where(JobRun.key == key, JobRun.status.in_(OPEN)).order_by(JobRun.id.desc()).limit(1)
    )


def latest_run(key: str) -> JobRun | None:
    return db.session.scalar(select(JobRun).where(JobRun.key == key).order_by(JobRun.id.desc()).limit(1))


def dispatch(
    name: str, args: list[Any], key: str | None, user_id: int | None, base_url: str | None = None
) -> int | None:
    """Record a tracked job (in its own transaction) and hand it to the queue, or run it now."""
    job_spec = spec(name)
    run_id = None
    if job_spec.tracked:
        if key is not None and open_run(key) is not None:
            log.info("job %s for %s is already open; not queued again", name, key)
            return None
        run = JobRun(
            name=name, args=args, key=key, user_id=user_id, max_attempts=job_spec.attempts,
            result={"base_url": base_url} if base_url else {},
        )  # fmt: skip
        db.session.add(run)
        db.session.commit()
        run_id = run.id
    try:
        submit(name, args, run_id, base_url)
    except Exception as error:  # not the queue's outage (that runs it here): visible, retried by hand
        db.session.rollback()
        _mark(run_id, FAILED, error=error)
        raise
    return run_id


def submit(name: str, args: list[Any], run_id: int | None, base_url: str | None = None) -> None:
    """Hand the job to RQ (with its retries) or, without Redis, run it here with its attempts.

    When Redis cannot be reached the job runs here too, as without Redis: a mail or a certificate is not
    lost because the queue was away for a moment (in a request, this is after the answer has gone out).
    """
    job_spec = spec(name)
    url = current_app.config.get("REDIS_URL")
    if url:
        from app.jobs.redis_queue import QueueUnavailable, push

        try:
            push(
                url,
                name,
                args,
                run_id,
                waits(job_spec, current_app.config.get("JOBS_BACKOFF") or ""),
                base_url,
            )
            return
        except QueueUnavailable as error:
            log.warning("the job queue cannot be reached (%s): job %s runs in this process", error, name)
    for attempt in range(job_spec.attempts):
        final = attempt == job_spec.attempts - 1
        try:
            perform(name, args, run_id, final=final, base_url=base_url)
            return
        except Exception:
            if final:
                log.exception("job %s failed after %d attempts", name, job_spec.attempts)
                return


def perform(
    name: str, args: list[Any], run_id: int | None, final: bool | None = None, base_url: str | None = None
) -> None:
    """Run one attempt of a job in its own unit of work; records its outcome on its job_runs row.

    ``final`` says whether a failure is the last attempt (None: from RQ's retry count, see redis_queue).
    :raises Exception: the job's own error, so that the queue retries it.
    """
    job_spec = spec(name)
    _mark(run_id, RUNNING)
    token = _current_run.set(run_id)
    try:
        with _request_context(base_url), unit_of_work():
            job_spec.func(*args)
    except GiveUp as error:
        log.error("job %s gave up: %s", name, error)
        _mark(run_id, FAILED, error=error)
        return
    except Exception as error:
        is_final = final if final is not None else _is_final(run_id)
        _mark(run_id, FAILED if is_final else RETRYING, error=error)
        raise
    finally:
        _current_run.reset(token)
    _mark(run_id, DONE)


def current_run_id() -> int | None:
    """The job_runs row of the job running now (for its progress), if tracked."""
    return _current_run.get()


def _request_context(base_url: str | None) -> AbstractContextManager[object]:
    """Links in mail and on certificates need a request: one for SERVER_BASE_URL when there is none."""
    if has_request_context():
        return nullcontext()
    base = current_app.config.get("SERVER_BASE_URL") or base_url or "http://localhost:5000"
    return current_app.test_request_context(base_url=base)


def _is_final(run_id: int | None) -> bool:
    from app.jobs.redis_queue import retries_left

    return retries_left() == 0


def _mark(run_id: int | None, status: str, error: BaseException | None = None) -> None:
    """Record the state of a tracked job in a transaction of its own (the job's may have rolled back)."""
    if run_id is None:
        return
    run = db.session.get(JobRun, run_id)
    if run is None:
        return
    run.status = status
    if status == RUNNING:
        run.attempts += 1
        started = [*(run.result or {}).get("attempts_at", []), utcnow().isoformat()]
        run.result = {**(run.result or {}), "attempts_at": started[-10:]}
    if status == DONE:
        run.progress = 100
        run.error = None
    if error is not None:
        run.error = "".join(traceback.format_exception_only(error)).strip()[:4000]
    db.session.commit()


def abandoned(run_id: int | None, will_retry: bool) -> None:
    """The worker running this job died (killed, crashed): it will run again, or it failed for good."""
    error = RuntimeError("the worker running this job stopped (killed or crashed)")
    _mark(run_id, RETRYING if will_retry else FAILED, error=error)


def retry(run: JobRun) -> None:
    """Queue a failed job again (after the current transaction commits), with a fresh count of attempts."""
    run.status, run.attempts, run.error = QUEUED, 0, None
    db.session.flush()
    after_commit(submit, run.name, list(run.args), run.id, (run.result or {}).get("base_url"))


def set_progress(run_id: int | None, percent: int, **result: Any) -> None:
    """Show a long job's progress (committed at once, so that its page can show it)."""
    if run_id is None:
        return
    from sqlalchemy import update

    values: dict[str, Any] = {"progress": max(0, min(100, percent))}
    with db.engine.begin() as connection:
        if result:
            current = connection.scalar(select(JobRun.result).where(JobRun.id == run_id)) or {}
            values["result"] = {**current, **result}
        connection.execute(update(JobRun).where(JobRun.id == run_id).values(**values))
