"""The OpenAPI 3.0 description of ``/api/v1``, served at ``/api/v1/openapi.json`` and tested against the API."""

from __future__ import annotations

from typing import Any

from app.hrapi.schemas import SCHEMAS, error_body, json_body, ref
from app.orgs.visibility import STATUSES

VERSION = "1.0.0"


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": {"type": "array", "items": ref(item)},
            "meta": ref("Meta"),
            "links": ref("Links"),
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
    "400": error_body("A query parameter is invalid; ``parameter`` names it."),
    "401": error_body("No token, or a token that is unknown or revoked."),
    "429": error_body("Too many requests: wait as the Retry-After header says."),
}


def _list(summary: str, item: str, params: list[str], description: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "security": [{"bearerAuth": []}],
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": {"200": json_body(_page_of(item), summary), **_AUTH_ERRORS},
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
                        "404": error_body("No certificate with this ID that the company may see."),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
            "/certificates/{certificate_id}.json": {
                "get": {
                    "summary": "A certificate's Open Badges 3.0 credential",
                    "description": (
                        "The certificate as an OpenBadgeCredential (W3C Verifiable Credential 2.0), secured as "
                        "VC-JWT (ES256): `compactJwsStrings` holds one compact JWS whose payload is the "
                        "credential. Its `kid` is the URL of the public key (all keys: /.well-known/jwks.json); "
                        "its `credentialStatus` points to a Bitstring Status List that turns the bit on when "
                        "the certificate is revoked. POST it to /verify for the verdict."
                    ),
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
                        "200": json_body(
                            {
                                "type": "object",
                                "required": ["compactJwsStrings"],
                                "properties": {
                                    "compactJwsStrings": {
                                        "type": "array",
                                        "minItems": 1,
                                        "maxItems": 1,
                                        "items": {
                                            "type": "string",
                                            "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
                                        },
                                    }
                                },
                            },
                            "The credential (the form of the OB 3.0 API's GetOpenBadgeCredentialsResponse).",
                        ),
                        "401": _AUTH_ERRORS["401"],
                        "404": error_body("No certificate with this ID that the company may see."),
                        "429": _AUTH_ERRORS["429"],
                        "503": error_body("No Open Badges key is configured on this installation."),
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
                        "200": json_body(
                            ref("PublicCertificate"), "The certificate's public facts and verdict."
                        ),
                        "404": json_body(
                            ref("UnknownCertificate"), "No certificate with this ID: verdict unknown."
                        ),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
            "/verify": {
                "post": {
                    "summary": "Is this PDF (or Open Badges credential) a genuine certificate?",
                    "description": (
                        "A PDF as the body (application/pdf) or the multipart field `pdf`; an Open Badges 3.0 "
                        "credential as its JSON file (application/json), as the compact JWS (application/jwt "
                        "or application/vc+jwt), or as the multipart field `credential`. Same verdicts for both."
                    ),
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "description": 'The credential file: {"compactJwsStrings": ["eyJ…"]}.',
                                }
                            },
                            "application/jwt": {"schema": {"type": "string"}},
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "minProperties": 1,
                                    "properties": {
                                        "pdf": {"type": "string", "format": "binary"},
                                        "credential": {"type": "string", "format": "binary"},
                                    },
                                }
                            },
                        },
                    },
                    "responses": {
                        "200": json_body(
                            ref("Verdict"), "The verdict: read `valid` or `verdict`, not `genuine`."
                        ),
                        "400": error_body("No file (or credential) was sent."),
                        "413": json_body(
                            {"oneOf": [ref("Verdict"), ref("Error")]},
                            "The file is larger than 5 MB (a verdict), or the form has more than 1,000 fields "
                            "(an error, code too_many_fields).",
                        ),
                        "429": _AUTH_ERRORS["429"],
                    },
                }
            },
        },
    }
