"""Error pages in the visitor's language; JSON for API clients."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.form_limits import FORM_REFUSED, form_refused
from app.main.unavailable import unavailable

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used this way.")),
    413: (_l("File too large"), _l("The file you sent is larger than allowed.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes before you try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again later."),
    ),
}
#: Machine-readable ``code`` of the API's error objects.
CODES = {
    400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
    429: "rate_limited", 500: "internal_error",
}  # fmt: skip
CSRF_MESSAGE = (
    _l("Form expired"),
    _l("The form was open too long or came from another site. Please reload the page and send it again."),
)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, title=None, message=None):  # type: ignore[no-untyped-def]
    """The error page (or JSON error object) for ``code``, with the default title and message unless given.

    Its language and navigation load the signed-in user: without the database, the retry page instead."""
    try:
        return _render_error(code, title, message)
    except (OperationalError, InterfaceError) as error:
        return unavailable(error)


def _render_error(code: int, title=None, message=None):  # type: ignore[no-untyped-def]
    default_title, default_message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    title, message = title or default_title, message or default_message
    if _wants_json():
        body = {"status": code, "code": CODES.get(code, "http_error"), "message": str(message)}
        return {"error": body}, code
    return render_template("errors/page.html", code=code, title=title, message=message), code


def install(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.code == 413 and form_refused(request):
            return render_error(413, *FORM_REFUSED)
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
