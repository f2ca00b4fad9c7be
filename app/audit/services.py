"""Record events; the caller's commit saves them together with the change they describe."""

from __future__ import annotations

from flask import has_request_context, request

from app.audit.models import KINDS, AuditEvent
from app.extensions import db

#: Longest text kept per detail value (a failed login's typed e-mail, a reason).
DETAIL_MAX = 254


def record(kind: str, *, actor_id: int | None = None, target: str | None = None, **details: object) -> AuditEvent:
    """Add an event to the session (not committed: it lands with the change, or not at all)."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    event = AuditEvent(
        kind=kind,
        actor_id=actor_id,
        target=target[:80] if target else None,
        ip=(request.remote_addr or "")[:45] or None if has_request_context() else None,
        details={key: _clip(value) for key, value in details.items()},
    )
    db.session.add(event)
    return event


def _clip(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\x00", "")[:DETAIL_MAX]
    return value
