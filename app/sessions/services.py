"""Starting, checking and ending sign-in sessions. Plain functions: no request, explicit arguments.

A session is live while it has not ended and is within its limits: the idle timeout (not for "stay signed
in") and the absolute lifetime (longer for "stay signed in"). Ending happens in the caller's unit of work
(sign-out, password change …), except for a timeout noticed when an expired cookie comes back: that request
may save nothing else, so the end and its audit event are written at once, in their own transaction.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, inspect, or_, select, update
from sqlalchemy.orm import configure_mappers

from app.audit.models import LOGOUT as LOGOUT_EVENT
from app.audit.models import SESSION_ENDED
from app.audit.services import record, record_now
from app.auth.models import User
from app.auth.passwords import verify_password
from app.extensions import db
from app.sessions.models import BY_USER, EXPIRED, IDLE, LOGOUT, UserSession
from app.sessions.rows import attached
from app.timeutil import utcnow

log = logging.getLogger(__name__)

#: "Last seen" is written at most this often per session (a write on every request would cost more).
TOUCH_EVERY = timedelta(minutes=1)
#: The longest "stay signed in" that the configuration may ask for.
MAX_REMEMBER = timedelta(days=30)


@dataclass(frozen=True)
class Limits:
    """How long sessions last (SESSION_IDLE_TIMEOUT, SESSION_LIFETIME, SESSION_REMEMBER_LIFETIME)."""

    idle: timedelta
    lifetime: timedelta
    remember_lifetime: timedelta

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        return _limits(
            config["SESSION_IDLE_TIMEOUT"], config["SESSION_LIFETIME"], config["SESSION_REMEMBER_LIFETIME"]
        )


@functools.lru_cache(maxsize=8)
def _limits(idle: int, lifetime: int, remember_lifetime: int) -> Limits:
    """The limits for these seconds, made once (every signed-in request asks)."""
    return Limits(
        idle=timedelta(seconds=idle),
        lifetime=timedelta(seconds=lifetime),
        remember_lifetime=timedelta(seconds=remember_lifetime),
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    user_id: int, *, remember: bool, user_agent: str | None, ip: str | None, now: datetime | None = None
) -> tuple[UserSession, str]:
    """A new session for ``user_id``; returns it and the token for the browser's cookies (256 random bits)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session = UserSession(
        user_id=user_id,
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        user_agent=(user_agent or "")[:300] or None,
        ip=(ip or "")[:45] or None,
        remember=remember,
    )
    db.session.add(session)
    db.session.flush()
    return session, token


def expiry_cause(session: UserSession, limits: Limits, now: datetime) -> str | None:
    """Why ``session`` is over at ``now`` (IDLE or EXPIRED), or None while it lasts."""
    if session.remember:
        return EXPIRED if now - session.created_at > limits.remember_lifetime else None
    if now - session.created_at > limits.lifetime:
        return EXPIRED
    if now - session.last_seen_at > limits.idle:
        return IDLE
    return None


#: Values that pages of higher features need on every request, read by the session check's query instead
#: of a query each: name → a scalar SQL expression (it may refer to ``UserSession.user_id``).
_READ_ALONG: dict[str, ColumnElement[Any]] = {}
#: The session check's statement, built once per set of read-along values: constructing a statement on
#: every request costs more than running it.
_statement: list[Select[Any]] = []


def read_along(name: str, expression: ColumnElement[Any]) -> None:
    """Have the session check also read ``expression``; ``resume`` hands its value over as ``name``.

    Each round trip costs more than the column it adds (on PostgreSQL most of a short query's time is
    the round trip), so a feature's per-page question rides on the query every signed-in page makes.
    """
    if _READ_ALONG.get(name) is not expression:
        _READ_ALONG[name] = expression
        _statement.clear()


#: What the pages read of the session and of its account on every request, and so all that the session check
#: reads: the other columns are left expired (app/sessions/rows.py), read on first access by the few pages
#: that show them (the sessions page, the profile …). Fewer columns cost less to fetch and to describe
#: (psycopg makes an object per column of every result); tests/auth/test_session_check.py holds the
#: signed-in pages to no further read.
_SESSION_READ = ("id", "created_at", "last_seen_at", "remember")
_ACCOUNT_READ = ("id", "name", "locale", "timezone", "role", "deactivated_at")
#: The session's columns whose values the check knows without reading them (its WHERE and its join fix them).
_SESSION_KNOWN = ("token_hash", "ended_at", "user_id")


def _live_by_hash() -> Select[Any]:
    """The session and its account as plain columns (a Core statement: loading the two as ORM entities cost
    several times more than the query), then the read-along values."""
    if not _statement:
        sessions, users = UserSession.__table__, User.__table__
        extras = [expression.label(name) for name, expression in _READ_ALONG.items()]
        _statement.append(
            select(*(sessions.c[name] for name in _SESSION_READ), *(users.c[name] for name in _ACCOUNT_READ))
            .add_columns(*extras)
            .join_from(sessions, users, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_hash == bindparam("token_hash"), sessions.c.ended_at.is_(None))
        )
    return _statement[0]


def resume(
    token: str,
    limits: Limits,
    *,
    ip: str | None,
    now: datetime | None = None,
    extras: dict[str, Any] | None = None,
) -> UserSession | None:
    """The live session a cookie's token belongs to (its ``user`` loaded with it), or None (unknown, ended,
    or over its time).

    A session found over its time is ended at once with its cause; a live one's "last seen" (and address)
    is written at most once a minute, in its own transaction. ``extras`` receives the read-along values
    (see ``read_along``) of a live session.
    """
    now = now or utcnow()
    database = db.session()
    token_hash = hash_token(token)
    row = database.connection().execute(_live_by_hash(), {"token_hash": token_hash}).first()
    if row is None:
        return None
    (session_columns, session_unread), (user_columns, user_unread) = _layout()
    user = attached(database, User, user_columns, row, user_unread)
    session = attached(
        database,
        UserSession,
        session_columns,
        row,
        session_unread,
        user=user,
        token_hash=token_hash,
        ended_at=None,
        user_id=row[user_columns["id"]],
    )
    cause = expiry_cause(session, limits, now)
    if cause is not None:
        _end_now(session, cause, now)
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession)
                .where(UserSession.id == session.id)
                .values(last_seen_at=now, ip=(ip or "")[:45] or session.ip)
            )
    if extras is not None:
        extras.update(zip(_READ_ALONG, row[len(_SESSION_READ) + len(_ACCOUNT_READ) :], strict=True))
    return session


@functools.cache
def _layout() -> tuple[tuple[dict[str, int], tuple[str, ...]], tuple[dict[str, int], tuple[str, ...]]]:
    """Of the session and of the account: attribute name → position in the session check's row, and the
    columns left unread (but those whose values it knows). Made on the first check, which may
    be a process's first use of the ORM: its objects are made without a query, so the mappers are
    configured here, as a first query would."""
    configure_mappers()
    layout, start = [], 0
    for model, read, known in ((UserSession, _SESSION_READ, _SESSION_KNOWN), (User, _ACCOUNT_READ, ())):
        columns, key = model.__table__.c, inspect(model).get_property_by_column
        positions = {key(columns[name]).key: start + n for n, name in enumerate(read)}
        unread = tuple(key(column).key for column in columns if column.name not in (*read, *known))
        layout.append((positions, unread))
        start += len(read)
    return layout[0], layout[1]


def _end_now(session: UserSession, cause: str, now: datetime) -> None:
    with db.engine.begin() as connection:
        ended = connection.execute(
            update(UserSession)
            .where(UserSession.id == session.id, UserSession.ended_at.is_(None))
            .values(ended_at=now, end_cause=cause)
        )
    if ended.rowcount:
        record_now(
            SESSION_ENDED,
            actor_id=session.user_id,
            target=f"user:{session.user_id}",
            session=session.id,
            cause=cause,
        )
        log.info("session %s of user %s ended: %s", session.id, session.user_id, cause)


def end(session: UserSession, cause: str, *, actor_id: int | None, now: datetime | None = None) -> None:
    """End ``session`` in the caller's unit of work, with its audit event (``logout`` for a sign-out).

    :param actor_id: who ended it (the person, an admin; None for the command line).
    """
    if session.ended_at is not None:
        return
    session.ended_at, session.end_cause = now or utcnow(), cause
    target = f"user:{session.user_id}"
    if cause == LOGOUT:
        record(LOGOUT_EVENT, actor_id=actor_id, target=target, session=session.id)
    else:
        record(SESSION_ENDED, actor_id=actor_id, target=target, session=session.id, cause=cause)
    db.session.flush()
    log.info("session %s of user %s ended: %s", session.id, session.user_id, cause)


def end_all(user_id: int, cause: str, *, actor_id: int | None, keep: int | None = None) -> int:
    """End every session of ``user_id`` that has not ended (but the one with id ``keep``); returns how many."""
    query = select(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep)
    sessions = list(db.session.scalars(query.order_by(UserSession.id)))
    now = utcnow()
    for session in sessions:
        end(session, cause, actor_id=actor_id, now=now)
    return len(sessions)


class WrongPassword(Exception):
    """The password typed to confirm is not the account's: nothing was signed out."""


def sign_out_others(user: User, password: str, current_id: int | None) -> int:
    """The person signs out every browser but this one (ASVS asks for the password first); returns how many.

    :raises WrongPassword:
    """
    if not verify_password(user.password_hash, password):
        raise WrongPassword()
    return end_all(user.id, BY_USER, actor_id=user.id, keep=current_id)


def sign_out_one(user: User, password: str, session: UserSession) -> None:
    """The person signs out one of their other browsers.

    :raises WrongPassword:
    """
    if not verify_password(user.password_hash, password):
        raise WrongPassword()
    end(session, BY_USER, actor_id=user.id)


def is_live(session: UserSession, limits: Limits, now: datetime | None = None) -> bool:
    """Whether ``session`` still lets its browser in."""
    return session.ended_at is None and expiry_cause(session, limits, now or utcnow()) is None


def live_sessions(user_id: int, limits: Limits, now: datetime | None = None) -> list[UserSession]:
    """The sessions of ``user_id`` that still let a browser in, the most recently seen first."""
    now = now or utcnow()
    query = select(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    sessions = db.session.scalars(query.order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return [session for session in sessions if is_live(session, limits, now)]


def prune(before: datetime) -> int:
    """Delete sessions that ended before ``before``, and those never ended but started before it (at least
    MAX_REMEMBER ago, so long over); the caller commits. Returns how many."""
    result = db.session.execute(
        delete(UserSession).where(
            or_(
                UserSession.ended_at < before,
                UserSession.ended_at.is_(None) & (UserSession.created_at < before),
            )
        )
    )
    return result.rowcount or 0
