"""An Open Badges 3.0 credential (a W3C Verifiable Credential 2.0 of type OpenBadgeCredential) from plain facts.

A pure function, no Flask and no database: ``services`` gathers the facts of a certificate, ``build``
writes the credential, ``facts_of`` reads back what must match the certificate when someone presents a
credential. The holder's e-mail address is never in it: the holder is named (IdentityObject of type
``name``, as printed on the certificate) and identified by an opaque URN derived from the certificate ID.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: VC Data Model 2.0 and the Open Badges 3.0 context, in the order the OB 3.0 schema requires.
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
#: Holder URNs are name-based UUIDs (RFC 9562 v5) in this namespace, from the certificate ID.
HOLDER_NAMESPACE = uuid.UUID("8f0c6a52-3d4e-5b1a-9c7e-2a61d0b4f9e3")


def holder_urn(public_id: str) -> str:
    """The credential subject's ID: opaque, stable per certificate, telling nothing about the person."""
    return f"urn:uuid:{uuid.uuid5(HOLDER_NAMESPACE, public_id)}"


@dataclass(frozen=True)
class Texts:
    """What the credential says in words, in the certificate's language."""

    lang: str
    title: str
    description: str
    criteria: str
    credential_description: str
    evidence_name: str
    evidence_narrative: str
    score_name: str
    #: The module titles, in course order (the achievement's tags).
    tags: Sequence[str] = ()


@dataclass(frozen=True)
class Facts:
    """Everything a credential states about one certificate (URLs absolute)."""

    public_id: str
    credential_url: str
    name: str | None
    name_zh: str | None
    issuer_url: str
    issuer_name: str
    site_url: str
    achievement_url: str
    #: (language, URL) of the achievement in the course's other languages.
    related: Sequence[tuple[str, str]]
    valid_from: datetime
    valid_until: datetime | None
    verify_url: str
    status_list_url: str
    status_index: int
    score_percent: float | None
    texts: Texts


def _names(facts: Facts) -> list[dict[str, Any]]:
    names = [name for name in (facts.name, facts.name_zh) if name]
    return [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
        for name in names
    ]


def _achievement(facts: Facts) -> dict[str, Any]:
    texts = facts.texts
    achievement: dict[str, Any] = {
        "id": facts.achievement_url,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": texts.title,
        "description": texts.description,
        "criteria": {"narrative": texts.criteria},
        "inLanguage": texts.lang,
        "creator": {"id": facts.issuer_url, "type": ["Profile"], "name": facts.issuer_name},
    }
    if texts.tags:
        achievement["tag"] = list(texts.tags)
    if facts.related:
        achievement["related"] = [
            {"id": url, "type": ["Related"], "inLanguage": lang} for lang, url in facts.related
        ]
    if facts.score_percent is not None:
        achievement["resultDescription"] = [
            {
                "id": f"{facts.achievement_url}#score",
                "type": ["ResultDescription"],
                "name": texts.score_name,
                "resultType": "Percent",
            }
        ]
    return achievement


def build(facts: Facts) -> dict[str, Any]:
    """The credential as JSON-ready data, with the JWT claims (iss, jti, nbf, sub, exp) OB 3.0's VC-JWT
    proof format requires beside it."""
    subject: dict[str, Any] = {
        "id": holder_urn(facts.public_id),
        "type": ["AchievementSubject"],
        "identifier": _names(facts),
        "achievement": _achievement(facts),
    }
    if facts.score_percent is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": f"{facts.achievement_url}#score",
                "value": f"{facts.score_percent:g}",
            }
        ]
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": facts.credential_url,
        "type": list(TYPES),
        "name": facts.texts.title,
        "description": facts.texts.credential_description,
        "issuer": {
            "id": facts.issuer_url,
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": facts.site_url,
        },
        "validFrom": facts.valid_from.isoformat(),
        "credentialSubject": subject,
        "evidence": [
            {
                "id": facts.verify_url,
                "type": ["Evidence"],
                "name": facts.texts.evidence_name,
                "narrative": facts.texts.evidence_narrative,
            }
        ],
        "credentialStatus": {
            "id": f"{facts.status_list_url}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.status_index),
            "statusListCredential": facts.status_list_url,
        },
        "credentialSchema": [dict(SCHEMA)],
    }
    if facts.valid_until is not None:
        credential["validUntil"] = facts.valid_until.isoformat()
    claims: dict[str, Any] = {
        "iss": facts.issuer_url,
        "jti": facts.credential_url,
        "sub": subject["id"],
        "nbf": int(facts.valid_from.timestamp()),
    }
    if facts.valid_until is not None:
        claims["exp"] = int(facts.valid_until.timestamp())
    return {**credential, **claims}


def _tail(url: Any) -> str:
    return str(url or "").rstrip("/").rsplit("/", 1)[-1]


def facts_of(credential: Mapping[str, Any]) -> dict[str, Any]:
    """What a presented credential must state exactly as the credential we would issue for its certificate.

    Leaves out what may change without changing the certificate: the platform's address (only the last part
    of each URL counts) and the course's current description, criteria and module titles. The JWT claims
    must agree with the credential they wrap (OB 3.0, "Verify a Credential VC-JWT Signature").
    """
    subject = credential.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    issuer = credential.get("issuer") or {}
    status = credential.get("credentialStatus") or {}
    valid_from = credential.get("validFrom")
    valid_until = credential.get("validUntil")
    return {
        "id": _tail(credential.get("id")),
        "type": sorted(credential.get("type") or []),
        "names": [
            item.get("identityHash") for item in subject.get("identifier") or [] if isinstance(item, dict)
        ],
        "holder": subject.get("id"),
        "achievement": _tail(achievement.get("id")),
        "title": achievement.get("name"),
        "issuer": issuer.get("name") if isinstance(issuer, Mapping) else None,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "status": (_tail(status.get("statusListCredential")), status.get("statusListIndex")),
        "result": [item.get("value") for item in subject.get("result") or [] if isinstance(item, dict)],
        "claims": (
            credential.get("iss") == (issuer.get("id") if isinstance(issuer, Mapping) else issuer),
            credential.get("jti") == credential.get("id"),
            credential.get("sub") == subject.get("id"),
            _same_time(credential.get("nbf"), valid_from),
            _same_time(credential.get("exp"), valid_until),
        ),
    }


def _same_time(claim: Any, stamp: Any) -> bool:
    """A NumericDate claim and an ISO timestamp denote the same second (both absent also agree)."""
    if claim is None or stamp is None:
        return claim is None and stamp is None
    try:
        return int(claim) == int(datetime.fromisoformat(str(stamp)).timestamp())
    except (TypeError, ValueError):
        return False
