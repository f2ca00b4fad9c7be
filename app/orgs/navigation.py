"""Whether the signed-in person manages a company: the navigation of every page asks ("Company
dashboard" or "My company"). The answer rides on the session check's query (``sessions.read_along``)
into ``g.company_manager``; a change of memberships in this request drops it, so the page asks again."""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import bindparam, event, exists, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.orgs.models import MANAGER, Membership
from app.sessions.models import UserSession
from app.sessions.services import read_along

#: The question, correlated with the session row that the session check reads.
MANAGES = exists().where(Membership.user_id == UserSession.user_id, Membership.role == MANAGER)
#: The same on its own, for a request whose answer was dropped (built once: cheaper than building it).
_MANAGES = select(Membership.__table__.c.id).where(
    Membership.__table__.c.user_id == bindparam("user_id"), Membership.__table__.c.role == MANAGER
)


def current_company_manager(user: UserMixin | AnonymousUserMixin) -> bool:
    """Whether ``user`` (``current_user``'s object, passed by the caller that has it) manages a company
    (asked of the database at most once per request)."""
    if not user.is_authenticated:
        return False
    values = g._get_current_object()  # type: ignore[attr-defined]
    if "company_manager" not in values:
        values.company_manager = db.session.execute(_MANAGES, {"user_id": user.id}).first() is not None
    return bool(values.company_manager)


def _forget_on_change(session: Session, _context: Any, _instances: Any) -> None:
    changed = (session.new, session.deleted, session.dirty)
    if has_app_context() and any(isinstance(obj, Membership) for objects in changed for obj in objects):
        g.pop("company_manager", None)


def install() -> None:
    read_along("company_manager", MANAGES)
    if not event.contains(Session, "before_flush", _forget_on_change):
        event.listen(Session, "before_flush", _forget_on_change)
