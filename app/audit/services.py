"""Record events (the caller's commit saves them together with the change they describe), and find them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from sqlalchemy import Select, String, and_, cast, delete, insert, inspect, or_, select
from sqlalchemy.orm import selectinload

from app.audit.models import KINDS, LOGIN_FAILED, AuditEvent
from app.extensions import db
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User

#: Longest text kept per detail value (a failed login's typed e-mail, a reason).
DETAIL_MAX = 254


def record(
    kind: str, *, actor_id: int | None = None, target: str | None = None, **details: object
) -> AuditEvent:
    """Add an event to the session (not committed: it lands with the change, or not at all)."""
    event = AuditEvent(**_columns(kind, actor_id, target, details))
    db.session.add(event)
    return event


def record_now(
    kind: str, *, actor_id: int | None = None, target: str | None = None, **details: object
) -> None:
    """Write an event at once in its own transaction, for what happens outside any unit of work: a session
    found timed out on a request that may save nothing else."""
    with db.engine.begin() as connection:
        connection.execute(
            insert(AuditEvent).values(at=utcnow(), **_columns(kind, actor_id, target, details))
        )


def _columns(kind: str, actor_id: int | None, target: str | None, details: dict[str, object]) -> dict:
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    return {
        "kind": kind,
        "actor_id": actor_id,
        "target": target[:80] if target else None,
        "ip": (request.remote_addr or "")[:45] or None if has_request_context() else None,
        "details": {key: _clip(value) for key, value in details.items()},
    }


def _clip(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\x00", "")[:DETAIL_MAX]
    return value


def _accounts() -> Any:
    """The account model, reached through the actor relationship: the log sits below auth and imports none of it."""
    return inspect(AuditEvent).relationships["actor"].mapper.class_


def search(kind: str | None = None, email: str | None = None) -> Select[tuple[AuditEvent]]:
    """Events newest first, optionally of one kind and by actors whose e-mail contains ``email``.

    A failed sign-in has no actor: the address typed there matches too, so "who tried anna@…" finds them.
    """
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if kind:
        query = query.where(AuditEvent.kind == kind)
    if email:
        pattern = email.strip().lower()
        accounts = _accounts()
        actors = select(accounts.id).where(accounts.email.contains(pattern, autoescape=True))
        typed = and_(
            AuditEvent.kind == LOGIN_FAILED,
            cast(AuditEvent.details, String).contains(pattern, autoescape=True),
        )
        query = query.where(or_(AuditEvent.actor_id.in_(actors), typed))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def users_named(events: list[AuditEvent]) -> dict[str, User]:
    """The accounts that ``user:<id>`` targets and ``holder`` details of ``events`` refer to, by that text."""
    refs = {event.target for event in events if event.target} | {
        value for event in events for value in (event.details or {}).values() if isinstance(value, str)
    }
    ids = {int(ref[5:]) for ref in refs if ref.startswith("user:") and ref[5:].isdigit()}
    if not ids:
        return {}
    accounts = _accounts()
    return {
        f"user:{user.id}": user for user in db.session.scalars(select(accounts).where(accounts.id.in_(ids)))
    }


def prune(before: datetime) -> int:
    """Delete the events older than ``before`` (naive UTC); returns how many. The caller commits."""
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.at < before))
    return result.rowcount or 0
