"""The JSON shapes of the HR API's answers as OpenAPI schemas (``components.schemas`` of openapi.py)."""

from __future__ import annotations

from typing import Any

from app.certificates.models import REVOCATION_CATEGORIES
from app.certificates.verdict import VERDICTS
from app.orgs.visibility import STATUSES


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "nullable": True, **extra}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_body(description: str) -> dict[str, Any]:
    return json_body(ref("Error"), description)


_DATE_TIME = {"type": "string", "format": "date-time"}
_DATE = {"type": "string", "format": "date"}

_ERROR_OBJECT: dict[str, Any] = {
    "type": "object",
    "required": ["status", "code", "message"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status."},
        "code": {
            "type": "string",
            "description": "Stable, machine-readable: missing_token, invalid_token, "
            "invalid_parameter, not_found, method_not_allowed, too_large, rate_limited, "
            "bad_request, unavailable, internal_error.",
        },
        "message": {"type": "string", "description": "For people, in the requested language."},
        "parameter": {"type": "string", "description": "The query parameter at fault."},
    },
}

#: The verdict fields of every verification answer (app/certificates/answers.py).
_VERDICT_REQUIRED = ["valid", "verdict", "verdict_reason", "verdict_date", "replaced_by", "message"]
_VERDICT_PROPERTIES: dict[str, Any] = {
    "valid": {"type": "boolean", "description": "Read this: true only for a valid certificate."},
    "verdict": {"type": "string", "enum": list(VERDICTS), "description": "The one verdict, as on the page."},
    "verdict_reason": _nullable(
        "string",
        description="revoked: the public category; superseded: reissued or other_language; not_genuine: why "
        "(empty, too_large, not_pdf, unreadable, unsigned, changed, untrusted, modified, not_issued; the same "
        "words for an Open Badges credential); "
        "unknown: not_found, typo, malformed or unavailable.",
    ),
    "verdict_date": {**_DATE, "nullable": True,
                     "description": "revoked/superseded: the revocation date; expired: the last valid day."},
    "replaced_by": {
        "type": "object", "nullable": True, "description": "superseded: the newest replacement.",
        "properties": {"id": {"type": "string"}, "verify_url": {"type": "string", "format": "uri"}},
    },
    "message": {"type": "string", "description": "The verdict in words, in the requested language."},
}  # fmt: skip

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": _ERROR_OBJECT,
        },
    },
    "Meta": {
        "type": "object",
        "required": ["page", "per_page", "total", "pages"],
        "properties": {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 200},
            "total": {"type": "integer", "minimum": 0, "description": "Items over all pages."},
            "pages": {"type": "integer", "minimum": 1},
        },
    },
    "Links": {
        "type": "object",
        "required": ["self", "first", "last", "prev", "next"],
        "properties": {
            "self": {"type": "string", "format": "uri"},
            "first": {"type": "string", "format": "uri"},
            "last": {"type": "string", "format": "uri"},
            "prev": _nullable("string", format="uri"),
            "next": _nullable("string", format="uri"),
        },
    },
    "Member": {
        "type": "object",
        "required": ["id", "name", "email", "team", "role", "joined_at", "shares_scores", "shares_history"],
        "properties": {
            "id": {"type": "integer", "description": "The person's id; stable while they are a member."},
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "team": _nullable("string", description="Team (department) tag set by a manager."),
            "role": {"type": "string", "enum": ["manager", "member"]},
            "joined_at": _DATE_TIME,
            "shares_scores": {"type": "boolean", "description": "Quiz scores are visible to the company."},
            "shares_history": {
                "type": "boolean",
                "description": "Activity from before joining the company is visible to it.",
            },
        },
    },
    "Progress": {
        "type": "object",
        "required": [
            "member_id",
            "member_name",
            "course",
            "status",
            "completed_at",
            "score_percent",
            "certificate_id",
        ],
        "properties": {
            "member_id": {"type": "integer"},
            "member_name": {"type": "string"},
            "course": {"type": "string", "description": "The course's slug."},
            "status": {"type": "string", "enum": list(STATUSES)},
            "completed_at": {**_DATE_TIME, "nullable": True},
            "score_percent": _nullable(
                "number", minimum=0, maximum=100, description="Only if the member shares scores."
            ),
            "certificate_id": _nullable("string"),
        },
    },  # fmt: skip
    "Certificate": {
        "type": "object",
        "required": [
            "id",
            "member_id",
            "name",
            "course",
            "course_title",
            "language",
            "status",
            "completed_on",
            "issued_at",
            "valid_until",
            "score_percent",
            "sha256",
            "pdf_url",
            "openbadge_url",
            "verify_url",
        ],
        "properties": {
            "id": {"type": "string", "example": "CV-7K3M-9QXD-2P8W-H"},
            "member_id": {"type": "integer"},
            "name": {"type": "string", "description": "The name printed on the certificate."},
            "course": {"type": "string"},
            "course_title": {"type": "string"},
            "language": {"type": "string", "enum": ["de", "en", "zh"]},
            "status": {"type": "string", "enum": ["valid", "expired", "revoked"]},
            "completed_on": _DATE,
            "issued_at": {
                **_DATE_TIME,
                "description": "With the Europe/Berlin offset, e.g. 2026-11-26T00:30:00+01:00 (as in the "
                "verification answers).",
            },
            "valid_until": {**_DATE, "nullable": True},
            "score_percent": _nullable("number", minimum=0, maximum=100),
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "pdf_url": {"type": "string", "format": "uri"},
            "openbadge_url": {
                "type": "string",
                "format": "uri",
                "description": "The certificate's Open Badges 3.0 credential (see /certificates/{id}.json).",
            },
            "verify_url": {"type": "string", "format": "uri"},
        },
    },  # fmt: skip
    "PublicCertificate": {
        "type": "object",
        "description": "A certificate's public facts and its verdict. Read `valid` (or `verdict`), not `status`.",
        "required": [
            *_VERDICT_REQUIRED,
            "id",
            "status",
            "course",
            "completed_on",
            "issued_on",
            "issued_at",
            "issuer",
            "sha256",
            "verify_url",
        ],
        "properties": {
            **_VERDICT_PROPERTIES,
            "id": {"type": "string"},
            "status": {
                "type": "string",
                "enum": ["valid", "expired", "revoked"],
                "description": "Deprecated: the stored state only (a superseded certificate says revoked).",
            },
            "name": _nullable("string", description="Null once the holder has deleted their account."),
            "name_zh": _nullable("string"),
            "name_removed": {"type": "boolean"},
            "name_removed_note": _nullable("string"),
            "course": {"type": "object"},
            "language": {"type": "string"},
            "completed_on": {
                **_DATE,
                "description": "A calendar date in the platform's time zone (Europe/Berlin).",
            },
            "score_percent": _nullable("number"),
            "valid_until": {
                **_DATE,
                "nullable": True,
                "description": "The last day of validity (Europe/Berlin).",
            },
            "issued_on": {**_DATE, "description": "The date of `issued_at` in Europe/Berlin."},
            "issued_at": {
                **_DATE_TIME,
                "description": "With the Europe/Berlin offset, e.g. 2026-11-26T00:30:00+01:00.",
            },
            "issuer": {"type": "string"},
            "revoked_on": {**_DATE, "nullable": True},
            "revoked_at": {**_DATE_TIME, "nullable": True},
            "revocation_category": _nullable("string", enum=[*REVOCATION_CATEGORIES, None]),
            "revoked_reason": _nullable("string", description="The revocation category in words."),
            "sha256": {"type": "string"},
            "verify_url": {"type": "string", "format": "uri"},
        },
    },  # fmt: skip
    "Verdict": {
        "type": "object",
        "description": (
            "The verdict on an uploaded PDF. Clients must read `valid` (true only for a genuine, unchanged "
            "file of a valid certificate) or `verdict`. `genuine` only says that the file's signature is ours "
            "and intact and the file is one we issued: it is true for the file of a revoked, expired or "
            "superseded certificate too."
        ),
        "required": [*_VERDICT_REQUIRED, "genuine", "certificate"],
        "properties": {
            **_VERDICT_PROPERTIES,
            "genuine": {
                "type": "boolean",
                "description": "The signature is ours and intact, and the file is one we issued.",
            },
            "document": {
                "type": "string",
                "enum": ["pdf", "openbadge"],
                "description": "What was checked: a PDF, or an Open Badges 3.0 credential.",
            },
            "sha256": _nullable("string"),
            "signature_level": _nullable(
                "string",
                enum=["B-B", "B-T", "B-LT", "B-LTA", None],
                description="PDF: the PAdES baseline level the signature was validated at; null for a "
                "signature that is not valid, and for credentials.",
            ),
            "openbadge": {
                "type": "object",
                "nullable": True,
                "description": "Credential: the thumbprint of the key its proof names (null for PDFs).",
                "properties": {"key_id": _nullable("string")},
            },
            "signature": _nullable("object"),
            "certificate": {"allOf": [ref("PublicCertificate")], "nullable": True},
        },
    },  # fmt: skip
    "UnknownCertificate": {
        "type": "object",
        "required": [*_VERDICT_REQUIRED, "error"],
        "properties": {**_VERDICT_PROPERTIES, "error": _ERROR_OBJECT},
    },
}
