"""The VC-JWT proof of Open Badges 3.0: a compact JWS (ES256) over the credential, and its check.

Signing and checking are joserfc's; here only what OB 3.0 fixes (the header: ``alg``, ``kid`` as a URL
that dereferences to the public JWK, ``typ``) and which of our keys may have made a signature. joserfc is
imported by ``sign`` and ``check``, so it loads with the first credential.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.openbadges.keys import ALGORITHM

if TYPE_CHECKING:
    from joserfc.jwk import ECKey


def encode_payload(credential: Mapping[str, Any]) -> bytes:
    """The credential as the JWS payload: compact UTF-8 JSON (names in Chinese stay readable)."""
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode()


def sign(credential: Mapping[str, Any], key: ECKey, kid_url: str, typ: str = "JWT") -> str:
    """The compact JWS of ``credential``, signed with ``key`` (ES256); ``kid_url`` names the public key."""
    from joserfc import jws

    header = {"alg": ALGORITHM, "kid": kid_url, "typ": typ}
    return jws.serialize_compact(header, encode_payload(credential), key, algorithms=[ALGORITHM])


@dataclass(frozen=True)
class Checked:
    """What checking a compact JWS found: ``problem`` is None when one of our keys signed it unchanged."""

    problem: str | None
    payload: dict[str, Any] | None = None
    key_id: str | None = None
    algorithm: str | None = None


def _segment(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _header(token: str) -> dict[str, Any] | None:
    try:
        header = json.loads(_segment(token.split(".", 1)[0]))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return header if isinstance(header, dict) else None


def check(token: str, keys: Mapping[str, ECKey]) -> Checked:
    """Check a compact JWS against our public keys (thumbprint -> key); never raises on what it contains.

    Problems: ``unreadable`` (not a JWS, or not JSON inside), ``untrusted`` (another algorithm, or a key
    that is not ours), ``changed`` (our key, but the signature does not match the content).
    """
    from joserfc import jws
    from joserfc.errors import BadSignatureError, JoseError

    if token.count(".") != 2:
        return Checked("unreadable")
    header = _header(token)
    if header is None:
        return Checked("unreadable")
    algorithm, kid = header.get("alg"), str(header.get("kid") or "")
    key_id = kid.rstrip("/").rsplit("/", 1)[-1]
    key = keys.get(key_id)
    if algorithm != ALGORITHM or key is None:
        return Checked("untrusted", key_id=key_id or None, algorithm=algorithm)
    try:
        payload = jws.deserialize_compact(token, key, algorithms=[ALGORITHM]).payload
    except BadSignatureError:
        return Checked("changed", key_id=key_id, algorithm=algorithm)
    except (JoseError, ValueError, binascii.Error):
        return Checked("unreadable", key_id=key_id, algorithm=algorithm)
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return Checked("unreadable", key_id=key_id, algorithm=algorithm)
    if not isinstance(data, dict):
        return Checked("unreadable", key_id=key_id, algorithm=algorithm)
    return Checked(None, data, key_id, algorithm)
