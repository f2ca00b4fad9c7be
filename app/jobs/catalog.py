"""Every feature's jobs, imported so that a worker knows them all by name, and what they load on first use."""

from flask import Flask

from app.auth import jobs as auth_jobs  # noqa: F401
from app.certificates import jobs as certificate_jobs  # noqa: F401
from app.mail import jobs as mail_jobs  # noqa: F401
from app.orgs import export_jobs  # noqa: F401
from app.quizzes import reopen as quiz_jobs  # noqa: F401


def warm_up(app: Flask) -> None:
    """Load once in the worker what each job would otherwise load again.

    RQ runs every job in a work horse forked from the worker, and what a work horse loads dies with it: the
    signing and PDF libraries, the certificate fonts and the mail templates, which the app loads on first
    use (so that `flask` commands start quickly), cost a forked job about 0.6 s of CPU each time. Loaded
    here, in the worker before it forks, every work horse inherits them.
    """
    from app.certificates import signing  # noqa: F401  (pyHanko)
    from app.certificates.pdf import drawing, page  # noqa: F401  (ReportLab)
    from app.fonts import load_fonts
    from app.workshops import certificate_pdf  # noqa: F401

    load_fonts()
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.startswith("emails/")):
        app.jinja_env.get_template(name)
