"""The registered jobs by name: a job is a plain function of JSON arguments that flushes and may raise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., object]
    #: Attempts in all (1 = no retry), and the waits before each retry in seconds (the last one repeats).
    attempts: int
    backoff: tuple[int, ...]
    #: Keep a row in job_runs (admins see failures, pages show progress); mail is not tracked there.
    tracked: bool


JOBS: dict[str, JobSpec] = {}


def job(name: str, attempts: int = 1, backoff: tuple[int, ...] = (10, 60, 300), tracked: bool = True):  # type: ignore[no-untyped-def]
    """Register ``func`` as the job ``name``."""

    def register(func: Callable[..., object]) -> Callable[..., object]:
        JOBS[name] = JobSpec(name, func, attempts, backoff, tracked)
        return func

    return register


def spec(name: str) -> JobSpec:
    """The job ``name``; importing the features that define jobs first (a worker may start cold).

    :raises KeyError: for an unknown job.
    """
    if name not in JOBS:
        from app.jobs import catalog  # noqa: F401  (registers every feature's jobs)
    return JOBS[name]


def waits(job_spec: JobSpec, override: str = "") -> list[int]:
    """The wait before each retry, e.g. [10, 60] for three attempts.

    ``override`` (the JOBS_BACKOFF setting, e.g. "1,2") replaces every job's own waits: for tests and
    for an operator who wants retries sooner.
    """
    retries = job_spec.attempts - 1
    if retries <= 0:
        return []
    steps = [int(step) for step in override.split(",") if step.strip()] or list(job_spec.backoff) or [0]
    return [steps[min(i, len(steps) - 1)] for i in range(retries)]


class GiveUp(Exception):
    """Raised by a job when retrying cannot help: it is marked failed at once, for an admin to look at."""
