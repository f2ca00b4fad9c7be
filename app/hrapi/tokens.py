"""Creating, finding and revoking API tokens. Plain functions: no request, no commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from app.audit.models import TOKEN_CREATED, TOKEN_REVOKED
from app.audit.services import record
from app.extensions import db
from app.hrapi.models import LABEL_MAX, ApiToken
from app.orgs.models import Organisation
from app.timeutil import utcnow

#: Tokens start with this, so that secret scanners and people recognise them.
PREFIX = "cva_"
#: Longest token we accept in a header (ours have 47 characters).
TOKEN_MAX = 128
#: last_used_at is written at most this often, so that reading the API does not write on every call.
USAGE_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(org: Organisation, label: str, created_by_id: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``org``: the row (added to the session) and the token itself, which is never stored."""
    label = " ".join(label.split())[:LABEL_MAX] or "API"
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        org_id=org.id,
        label=label,
        prefix=secret[: len(PREFIX) + 6],
        token_hash=hash_token(secret),
        created_by_id=created_by_id,
    )
    db.session.add(token)
    db.session.flush()
    record(TOKEN_CREATED, actor_id=created_by_id, target=f"token:{token.id}", org=org.slug, label=label)
    return token, secret


def revoke_token(token: ApiToken, revoked_by_id: int | None = None) -> bool:
    """Revoke ``token``; False when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    record(TOKEN_REVOKED, actor_id=revoked_by_id, target=f"token:{token.id}", org_id=token.org_id)
    return True


def find_active(secret: str) -> ApiToken | None:
    """The active token with this secret, or None; marks it used (at most once a minute)."""
    if not secret.startswith(PREFIX) or len(secret) > TOKEN_MAX:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= USAGE_RESOLUTION:
        token.last_used_at = now
    return token


def tokens_of(org_id: int) -> list[ApiToken]:
    """The company's tokens, active first, newest first."""
    query = select(ApiToken).where(ApiToken.org_id == org_id)
    tokens = list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))
    return sorted(tokens, key=lambda t: t.revoked_at is not None)
