"""Error pages that need nothing but the code and the catalogs: no database, no signed-in user.

When PostgreSQL restarts, every query fails; an error page that loads the user for the navigation fails
too, and the visitor got the server's bare 500. These pages use a layout without the navigation, pick the
language without the account (the language chosen in this browser, else Accept-Language), and answer a
lost database (or Redis) with 503 and Retry-After, so that browsers and load balancers try again.
"""

from __future__ import annotations

import sys

from flask import current_app, request, session
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import exc as sa_exc

from app.langtags import HTML_LANG, SESSION_KEY

#: Seconds after which the 503 page (and a load balancer) tries again.
RETRY_AFTER = 15
UNAVAILABLE = (
    _l("Temporarily unavailable"),
    _l("The platform cannot reach its database at the moment. Please try again in a few seconds."),
)


#: The database errors that mean it cannot be reached (each has the 503 page as its error handler).
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,  # the connection pool had no connection in time
)


def _redis_errors() -> tuple[type[BaseException], ...]:
    """Redis's connection errors, once something (the job queue, the rate limiter's storage) has imported
    redis: no Redis error exists before, and importing redis here cost every `flask` command 0.5 s."""
    module = sys.modules.get("redis.exceptions")
    return (module.ConnectionError, module.TimeoutError) if module is not None else ()


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` (or the error it wraps) means the database or Redis cannot be reached."""
    errors = OUTAGE_ERRORS + _redis_errors()
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, errors):
            return True
        error = getattr(error, "original_exception", None) or error.__cause__
        seen += 1
    return False


def visitor_locale() -> str:
    """The visitor's language without asking the database: this browser's choice, then Accept-Language."""
    languages = tuple(current_app.config["LANGUAGES"])
    try:
        chosen = session.get(SESSION_KEY)
    except Exception:  # a session that cannot be read is no reason to fail the error page
        chosen = None
    if chosen in languages:
        return chosen
    best = request.accept_languages.best_match(
        list(languages) + ["zh-CN", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "de-DE", "de-AT", "de-CH"]
    )
    return best.split("-")[0] if best else current_app.config["BABEL_DEFAULT_LOCALE"]


def standalone_page(code: int, title: object, message: object) -> tuple[str, int, dict[str, str]]:
    """The error page in the visitor's language, rendered without the database."""
    locale = visitor_locale()
    headers = {"Retry-After": str(RETRY_AFTER)} if code == 503 else {}
    with force_locale(locale):
        # Not render_template: its context processors load the signed-in user (Flask-Login's does).
        body = current_app.jinja_env.get_template("errors/standalone.html").render(
            code=code,
            title=str(title),
            message=str(message),
            locale=locale,
            page_lang=HTML_LANG.get(locale, locale),
            retry_url=request.full_path.rstrip("?") if request.method == "GET" else None,
            retry_after=RETRY_AFTER if code == 503 else None,
        )
    return body, code, headers
