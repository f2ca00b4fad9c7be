"""503 "back in a moment" when the database cannot be reached (a restart, a failover), in the visitor's
language, rendered without the database: no signed-in user, no navigation that asks the database.

Everything the page needs is in the request (Accept-Language, the language kept in the session cookie);
the connection pool reconnects by itself once PostgreSQL answers again (``pool_pre_ping``).
"""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from sqlalchemy.exc import InterfaceError, OperationalError

from app.extensions import db, login_manager

log = logging.getLogger(__name__)

#: Seconds after which the page (and a client that honours Retry-After) tries again.
RETRY_AFTER = 10


def unavailable(error: Exception):  # type: ignore[no-untyped-def]
    """The retry page; the error is logged as a warning (an outage, not a bug), once per request."""
    log.warning("database unreachable: %s", str(error).splitlines()[0][:200])
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001, S110 (the connection is gone; the pool replaces it later)
        pass
    g._login_user = login_manager.anonymous_user()  # the language and the page without loading the user
    response = render_template("errors/unavailable.html", retry_after=RETRY_AFTER)
    return response, 503, {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}


def install(app: Flask) -> None:
    app.register_error_handler(OperationalError, unavailable)
    app.register_error_handler(InterfaceError, unavailable)
