"""``flask worker``: run the background jobs from Redis (RQ), with the scheduler that times retries."""

from __future__ import annotations

import click
from flask import current_app

#: Seconds between a busy worker's heartbeats; RQ adds 60 s of grace before it calls a job abandoned.
MONITORING_INTERVAL = 10
#: Seconds between a worker's maintenance runs (RQ's default is 10 minutes), which find the jobs of a
#: dead worker and run them again. An idle worker looks only when its wait for a job ends, after
#: WORKER_TTL - 15 s (RQ's default TTL of 420 s would make that 7 minutes). With these, a dead worker's
#: jobs run again about 70 to 100 s after it died.
MAINTENANCE_INTERVAL = 15
WORKER_TTL = 30


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts and tests).")
def worker(burst: bool) -> None:
    """Run background jobs (certificates, mail, exports) from REDIS_URL until stopped."""
    from app.jobs.catalog import warm_up  # every job known before the first one
    from app.jobs.redis_queue import on_abandoned, queue, worker_app

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.UsageError("REDIS_URL is not set: without Redis, jobs run in the web process itself.")
    from rq import Worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker_app(app)
    warm_up(app)
    jobs = queue(url)
    click.echo(f"worker on {jobs.name!r} at {url.rsplit('@', 1)[-1]}")
    Worker(
        [jobs],
        connection=jobs.connection,
        exception_handlers=[on_abandoned],
        job_monitoring_interval=MONITORING_INTERVAL,
        maintenance_interval=MAINTENANCE_INTERVAL,
        worker_ttl=WORKER_TTL,
    ).work(burst=burst, with_scheduler=True)
