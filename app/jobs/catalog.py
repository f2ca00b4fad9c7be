"""Every feature's jobs, imported so that a worker knows them all by name."""

from app.auth import jobs as auth_jobs  # noqa: F401
from app.certificates import jobs as certificate_jobs  # noqa: F401
from app.mail import jobs as mail_jobs  # noqa: F401
from app.orgs import export_jobs  # noqa: F401
from app.quizzes import reopen as quiz_jobs  # noqa: F401

JOBS_LOADED = True
