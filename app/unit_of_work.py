"""One unit of work per request, per command and per job (as Indico's request handler keeps it).

Services only flush. The boundary commits once when the view (or command, or job) succeeded and rolls back
when it raised or answered with an error status. Side effects that must not happen for a rolled-back
transaction — mail, background jobs — are registered with :func:`after_commit` while the work runs and are
started only after the commit succeeded: in a request once the server has taken the whole answer (so that
their time never shows in the answer, e.g. the password-reset form), in a command or job right after the
commit. Each runs in a fresh application context, with a database session of its own.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, Response, current_app, has_request_context, request
from flask.cli import ScriptInfo
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

_PENDING = "after_commit_pending"  # registered in the open transaction
_READY = "after_commit_ready"  # its transaction committed; waiting for the boundary to start them
_BOUNDARY = "unit_of_work_boundary"
_AFTER_ANSWER = "academy.after_answer"  # in the WSGI environ: the work this request released
_IN_REQUEST = "academy.unit_of_work"  # in the WSGI environ: the request is inside the boundary

Work = tuple[Callable[..., None], tuple[Any, ...]]


def after_commit(work: Callable[..., None], *args: Any) -> None:
    """Run ``work(*args)`` once the current transaction has committed; never if it rolls back."""
    db.session.info.setdefault(_PENDING, []).append((work, args))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    if pending:
        session.info.setdefault(_READY, []).extend(pending)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: Any) -> None:
    """A commit outside any boundary (a test, a shell): start the work once the connection is released."""
    if transaction.parent is None and session.info.get(_READY) and not _within_boundary(session):
        run_all(session.info.pop(_READY))


def _within_boundary(session: Session) -> bool:
    """Inside :func:`unit_of_work`, or inside a request the app serves (:class:`_StartAfterAnswer` marks its
    environ; a request's boundary needs no session, so a page that reads nothing makes none)."""
    return bool(session.info.get(_BOUNDARY)) or (has_request_context() and _IN_REQUEST in request.environ)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous: Any) -> None:
    """A rolled-back transaction starts nothing (a savepoint's rollback leaves the outer list alone)."""
    if previous.parent is None:
        session.info.pop(_PENDING, None)


def run_all(works: list[Work]) -> None:
    """Start each piece of work in a fresh app context; a failure is logged and never stops the next."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for work, args in works:
        try:
            with app.app_context():
                work(*args)
        except Exception:
            log.exception("work after the commit failed: %s", getattr(work, "__name__", work))


def _untouched(session: Session) -> bool:
    return not (
        session.in_transaction()
        or session.info.get(_PENDING)
        or session.new
        or session.dirty
        or session.deleted
    )


def _take_ready(session: Session) -> list[Work]:
    return session.info.pop(_READY, [])


def _finish(success: bool) -> list[Work]:
    """Commit (or roll back) the boundary's transaction; returns the work its commits released. A session
    that began no transaction and holds nothing to flush or to start has nothing to end: SQLAlchemy would
    begin an empty transaction only to commit it."""
    session = db.session()  # the request's session: one lookup of the app context, not one per use
    if _untouched(session):
        return _take_ready(session)
    if success:
        try:
            session.commit()
        except Exception:
            session.rollback()
            raise
    else:
        try:
            session.rollback()
        except Exception:  # the database is gone: nothing to undo, and the error page must still render
            log.warning("rollback failed", exc_info=True)
    return _take_ready(session)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit when the block succeeds, roll back when it raises; then start the released work."""
    db.session.info[_BOUNDARY] = True
    try:
        yield
    except BaseException as error:
        if isinstance(error, click.exceptions.Exit) and error.exit_code == 0:
            ready = _finish(True)
        else:
            _finish(False)
            raise
    else:
        ready = _finish(True)
    finally:
        db.session.info.pop(_BOUNDARY, None)
    run_all(ready)


def _end_request(response: Response) -> Response:
    """Commit after a successful view (status below 400), roll back after an error answer; the work the
    commit released is handed to :class:`_StartAfterAnswer` through the WSGI environ. A request that made
    no database session (a page that reads nothing) has nothing to end."""
    if not db.session.registry.has():
        return response
    ready = _finish(response.status_code < 400)
    if ready and has_request_context():
        request.environ.setdefault(_AFTER_ANSWER, []).extend(ready)
    return response


class _StartAfterAnswer:
    """Wraps ``app.wsgi_app``: a request's released work starts once the server has taken the last chunk of
    the answer, or when it closes the answer early — not only in ``close()``. Werkzeug's development server
    (``flask run``, the browser tests) skips ``close()`` when a browser resets the connection after reading
    a redirect, and the request's mail was lost. It also marks the request as inside the boundary."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ[_IN_REQUEST] = True
        body = self.wsgi_app(environ, start_response)
        works: list[Work] = environ.pop(_AFTER_ANSWER, [])
        if not works:
            return body  # unchanged: a file answer keeps the server's sendfile
        return _AnswerThenWork(self.app, body, works)


class _AnswerThenWork:
    def __init__(self, app: Flask, body: Iterable[bytes], works: list[Work]) -> None:
        self.app, self.body, self.works = app, body, works

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.body
        finally:  # the last chunk was taken, the server stopped early, or the answer was dropped
            self._start()

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self._start()

    def _start(self) -> None:
        works, self.works = self.works, []
        if works:
            with self.app.app_context():
                run_all(works)


def _wrap_commands(group: click.Group) -> None:
    """Give every command of the CLI (and of its groups) the boundary; idempotent across apps."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _wrap_commands(command)
        elif command.callback is not None and not getattr(command.callback, "_unit_of_work", False):
            command.callback = _transactional(command.callback)


def _transactional(callback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _has_app():  # as Flask's with_appcontext does, which then finds this context
            context = click.get_current_context()
            app = context.ensure_object(ScriptInfo).load_app()
            context.with_resource(app.app_context())
        with unit_of_work():
            return callback(*args, **kwargs)

    wrapper._unit_of_work = True  # type: ignore[attr-defined]
    return wrapper


def _has_app() -> bool:
    try:
        current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return False
    return True


def install(app: Flask) -> None:
    """The request boundary; the CLI's is :func:`install_commands`, after the commands are registered."""
    app.after_request(_end_request)
    app.wsgi_app = _StartAfterAnswer(app, app.wsgi_app)  # type: ignore[method-assign]


def install_commands(app: Flask) -> None:
    _wrap_commands(app.cli)
