"""``flask worker``: run the background jobs from Redis (RQ), with the scheduler that times retries."""

from __future__ import annotations

import click
from flask import current_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts and tests).")
def worker(burst: bool) -> None:
    """Run background jobs (certificates, mail, exports) from REDIS_URL until stopped."""
    from app.jobs.catalog import JOBS_LOADED  # noqa: F401  (every job known before the first one)
    from app.jobs.redis_queue import queue, worker_app

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.UsageError("REDIS_URL is not set: without Redis, jobs run in the web process itself.")
    from rq import Worker

    worker_app(current_app._get_current_object())  # type: ignore[attr-defined]
    jobs = queue(url)
    click.echo(f"worker on {jobs.name!r} at {url.rsplit('@', 1)[-1]}")
    Worker([jobs], connection=jobs.connection).work(burst=burst, with_scheduler=True)
