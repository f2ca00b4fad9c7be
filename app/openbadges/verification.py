"""Is a presented Open Badges credential one we issued, unchanged? The credential's side of the verdict.

It is genuine when its VC-JWT proof was made with one of our published keys over exactly this content,
its ID is one of our certificates, and it states what that certificate's record states (names, course,
dates, issuer, status entry). The certificate's state (revoked, expired, replaced) is then the verdict's
part, as for a PDF: ``verification.upload_verdict`` reads the same ``UploadCheck``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re

from app.certificates import services as certificate_services
from app.certificates.keys import SigningNotConfigured
from app.certificates.verification import MAX_UPLOAD_BYTES, UploadCheck
from app.openbadges import credential as vc
from app.openbadges import jws
from app.openbadges.services import credential, keys

logger = logging.getLogger(__name__)

KIND = "openbadge"
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_ENVELOPE = "data:application/vc+jwt,"


def looks_like_credential(data: bytes) -> bool:
    """Whether presented bytes are meant as a credential (JSON or a compact JWS) rather than a PDF."""
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"{", b"eyJ"))


def _token(data: bytes) -> tuple[str | None, str | None]:
    """(the compact JWS, None) or (None, why not): from a bare JWS (pasted, or a .jwt file), our credential
    file ({"compactJwsStrings": [...]}) or a VC 2.0 EnvelopedVerifiableCredential."""
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return None, "unreadable"
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            return None, "unreadable"
        if not isinstance(document, dict):
            return None, "unreadable"
        tokens = document.get("compactJwsStrings")
        if isinstance(tokens, list) and len(tokens) == 1 and isinstance(tokens[0], str):
            text = tokens[0]
        elif document.get("type") == "EnvelopedVerifiableCredential" and str(
            document.get("id", "")
        ).startswith(_ENVELOPE):
            text = str(document["id"])[len(_ENVELOPE) :]
        elif "proof" not in document and "OpenBadgeCredential" in (document.get("type") or ()):
            return None, "unsigned"  # the credential's content alone, without its proof
        else:
            return None, "unreadable"
    token = "".join(text.split())
    return (token, None) if _COMPACT_JWS.match(token) else (None, "unreadable")


def verify_credential(data: bytes) -> UploadCheck:
    """The verdict on presented credential bytes; never raises on what they contain."""
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return UploadCheck("empty", digest, kind=KIND)
    if len(data) > MAX_UPLOAD_BYTES:
        return UploadCheck("too_large", digest, kind=KIND)
    token, problem = _token(data)
    if token is None:
        return UploadCheck(problem or "unreadable", digest, kind=KIND)
    try:
        public_keys = keys().public
        if not public_keys:
            raise SigningNotConfigured("no Open Badges key is configured (OPENBADGES_KEY)")
    except SigningNotConfigured as error:
        logger.error("Open Badges credentials cannot be checked: %s", error)
        return UploadCheck("unavailable", digest, kind=KIND)
    checked = jws.check(token, public_keys)
    if checked.problem is not None or checked.payload is None:
        verdict = checked.problem or "unreadable"
        logger.info("verification of a credential: %s (key %s)", verdict, checked.key_id)
        return UploadCheck(verdict, digest, kind=KIND, key_id=checked.key_id)
    presented = vc.facts_of(checked.payload)
    _canonical, certificate = certificate_services.find_certificate(presented["id"])
    verdict = "genuine"
    if certificate is None or not _matches(presented, certificate):
        verdict, certificate = "not_issued", None
    logger.info("verification of a credential: %s %s (key %s)", verdict, presented["id"], checked.key_id)
    return UploadCheck(verdict, digest, certificate, kind=KIND, key_id=checked.key_id)


def _matches(presented: dict, certificate) -> bool:  # type: ignore[no-untyped-def]
    """Whether a credential signed by us states what the certificate's record states."""
    expected = vc.facts_of(credential(certificate))
    if certificate.holder_erased:  # the record no longer has the names; the signature still vouches for them
        presented = {**presented, "names": None}
        expected = {**expected, "names": None}
    return all(presented["claims"]) and presented == expected
