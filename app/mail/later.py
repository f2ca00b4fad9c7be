"""Work that runs after the answer has gone out: for now the password-reset mail, whose time must not show
in the answer (it would tell who has an account).

The WSGI server (gunicorn, werkzeug) calls the response's ``close()`` after sending the last byte; what is
registered here runs then, in a copy of the request's context, in the same worker. Moving mail out of the
web process altogether is the background-jobs issue (#16).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Response, copy_current_request_context

log = logging.getLogger(__name__)


def after_response(response: Response, work: Callable[..., None], *args: object) -> Response:
    """Run ``work(*args)`` once ``response`` has been sent; a failure is logged, the visitor never sees it."""
    in_context = copy_current_request_context(work)

    def run() -> None:
        try:
            in_context(*args)
        except Exception:
            log.exception("work after the response failed: %s", getattr(work, "__name__", work))

    response.call_on_close(run)
    return response
