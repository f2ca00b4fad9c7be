"""The OpenAPI 3.0 description of ``/api/v1``, served at ``/api/v1/openapi.json`` and tested against the API."""

from __future__ import annotations

from typing import Any

from app.certificates.models import REVOCATION_CATEGORIES
from app.certificates.verdict import VERDICTS
from app.orgs.visibility import STATUSES

VERSION = "1.0.0"


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "nullable": True, **extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


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
            "bad_request, internal_error.",
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
        "(empty, too_large, not_pdf, unreadable, unsigned, changed, untrusted, modified, not_issued); "
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
            "issued_at": _DATE_TIME,
            "valid_until": {**_DATE, "nullable": True},
            "score_percent": _nullable("number", minimum=0, maximum=100),
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "pdf_url": {"type": "string", "format": "uri"},
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
            "sha256": _nullable("string"),
            "signature": _nullable("object"),
            "certificate": {"allOf": [_ref("PublicCertificate")], "nullable": True},
        },
    },  # fmt: skip
    "UnknownCertificate": {
        "type": "object",
        "required": [*_VERDICT_REQUIRED, "error"],
        "properties": {**_VERDICT_PROPERTIES, "error": _ERROR_OBJECT},
    },
}


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": {"type": "array", "items": _ref(item)},
            "meta": _ref("Meta"),
            "links": _ref("Links"),
        },
    }


PARAMETERS: dict[str, Any] = {
    "page": {
        "name": "page", "in": "query", "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100000000, "default": 1},
    },
    "per_page": {
        "name": "per_page", "in": "query", "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    },
    "status": {
        "name": "status", "in": "query", "required": False, "schema": {"type": "string", "enum": list(STATUSES)},
    },
    "team": {
        "name": "team", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 60},
    },
}  # fmt: skip

_AUTH_ERRORS = {
    "400": _error("A query parameter is invalid; ``parameter`` names it."),
    "401": _error("No token, or a token that is unknown or revoked."),
    "429": _error("Too many requests: wait as the Retry-After header says."),
}


def _list(summary: str, item: str, params: list[str], description: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "security": [{"bearerAuth": []}],
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": {"200": _json(_page_of(item), summary), **_AUTH_ERRORS},
        }
    }


def _course_parameter(slugs: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": slugs} if slugs else {"type": "string"}
    return {
        "name": "course", "in": "query", "required": False, "schema": schema,
        "description": "Only this course (its slug; the list is this installation's courses).",
    }  # fmt: skip


def openapi_document(server_url: str, course_slugs: list[str]) -> dict[str, Any]:
    """The document, with ``server_url`` (this installation's ``…/api/v1``) and its courses."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ChInValue Academy HR API",
            "version": VERSION,
            "description": (
                "Your company's members, their course progress and their certificates, for HR systems. "
                "A company manager creates a token under Company → API tokens; send it as "
                "`Authorization: Bearer <token>`. Members decide what the company sees: scores only when they "
                "share them, and nothing from before they joined unless they share their history. "
                "Verification of certificates is public and needs no token; its answers carry `valid` and "
                "`verdict` (valid, revoked, expired, superseded, not_genuine, unknown), which is what a client "
                "must read. Dates are calendar dates in Europe/Berlin; timestamps carry their offset."
            ),
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
            "parameters": {**PARAMETERS, "course": _course_parameter(course_slugs)},
        },
        "paths": {
            "/members": _list(
                "The company's members",
                "Member",
                ["page", "per_page", "team"],
                "Everyone in the company (managers included), by name.",
            ),
            "/progress": _list(
                "Progress per member and course",
                "Progress",
                ["page", "per_page", "course", "status", "team"],
                "One row per member and course, as the member lets the company see it.",
            ),
            "/certificates": _list(
                "The members' certificates",
                "Certificate",
                ["page", "per_page", "course", "team"],
                "Active certificates the company may see (revoked ones are left out).",
            ),
            "/certificates/{certificate_id}.pdf": {
                "get": {
                    "summary": "A certificate's signed PDF",
                    "security": [{"bearerAuth": []}],
                    "parameters": [
                        {
                            "name": "certificate_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 40},
                        },
                    ],  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "The PDF, digitally signed.",
                            "content": {
                                "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                            },
                        },
                        "401": _AUTH_ERRORS["401"],
                        "404": _error("No certificate with this ID that the company may see."),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
            "/verify/{certificate_id}": {
                "get": {
                    "summary": "Public verification of a certificate ID",
                    "security": [],
                    "parameters": [
                        {
                            "name": "certificate_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 64},
                        },
                    ],  # fmt: skip
                    "responses": {
                        "200": _json(
                            _ref("PublicCertificate"), "The certificate's public facts and verdict."
                        ),
                        "404": _json(
                            _ref("UnknownCertificate"), "No certificate with this ID: verdict unknown."
                        ),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
            "/verify": {
                "post": {
                    "summary": "Is this PDF a genuine certificate?",
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["pdf"],
                                    "properties": {"pdf": {"type": "string", "format": "binary"}},
                                }
                            },
                        },
                    },
                    "responses": {
                        "200": _json(
                            _ref("Verdict"), "The verdict: read `valid` or `verdict`, not `genuine`."
                        ),
                        "400": _error("No file was sent."),
                        "413": _json(
                            {"oneOf": [_ref("Verdict"), _ref("Error")]},
                            "The file is larger than 5 MB (a verdict), or the form has more than 1,000 fields "
                            "(an error, code too_many_fields).",
                        ),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
        },
    }
