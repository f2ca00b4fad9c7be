"""Error pages in the visitor's language; JSON for API clients."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.form_limits import FORM_REFUSED, form_refused
from app.main.outage import OUTAGE_ERRORS, UNAVAILABLE, is_outage, standalone_page, visitor_locale

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
    429: "rate_limited", 500: "internal_error", 503: "unavailable",
}  # fmt: skip
CSRF_MESSAGE = (
    _l("Form expired"),
    _l("The form was open too long or came from another site. Please reload the page and send it again."),
)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, title=None, message=None):  # type: ignore[no-untyped-def]
    """The error page (or JSON error object) for ``code``, with the default title and message unless given."""
    if code >= 500:  # the database may be what failed: the language is chosen without the account
        with force_locale(visitor_locale()):
            return _render_error(code, title, message)
    return _render_error(code, title, message)


def _render_error(code: int, title=None, message=None):  # type: ignore[no-untyped-def]
    default_title, default_message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    title, message = title or default_title, message or default_message
    if _wants_json():
        body = {"status": code, "code": CODES.get(code, "http_error"), "message": str(message)}
        return {"error": body}, code
    if code >= 500:  # a page that does not need the database
        return standalone_page(code, title, message)
    return render_template("errors/page.html", code=code, title=title, message=message), code


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; there is nothing to undo
        log.debug("rollback after an error failed", exc_info=True)


def unavailable(error: BaseException):  # type: ignore[no-untyped-def]
    """503 with Retry-After when the database or Redis cannot be reached (logged without a traceback)."""
    log.warning("unavailable on %s %s: %s", request.method, request.path, error)
    _rollback()
    response = render_error(503, *UNAVAILABLE)
    if isinstance(response[0], dict):
        return response[0], 503, {"Retry-After": "15"}
    return response


def install(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.code == 413 and form_refused(request):
            return render_error(413, *FORM_REFUSED)
        if error.code == 500 and is_outage(getattr(error, "original_exception", None)):
            return unavailable(error.original_exception)  # type: ignore[attr-defined]
        return render_error(error.code or 500)

    for outage in OUTAGE_ERRORS:
        app.register_error_handler(outage, unavailable)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        if is_outage(error):
            return unavailable(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        _rollback()
        return render_error(500)
