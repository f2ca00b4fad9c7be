"""Helpers for the Open Badges 3.0 tests: the holder's credential file, its JWS, checks with PyJWT and
the 1EdTech JSON schema, and the status list bit read without our code."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import jwt
from jsonschema import Draft201909Validator

SCHEMA_FILE = (
    Path(__file__).resolve().parents[1] / "data" / "openbadges" / "ob_v3p0_achievementcredential_schema.json"
)


def credential_file(client, public_id: str) -> dict[str, Any]:
    """The signed-in holder's credential file from "My certificates"."""
    response = client.get(f"/certificates/{public_id}/openbadge.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert f"{public_id}-openbadge.json" in response.headers["Content-Disposition"]
    return response.get_json()


def token_of(document: dict[str, Any]) -> str:
    (token,) = document["compactJwsStrings"]
    return token


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(header, payload, signature) of a compact JWS, decoded without checking anything."""
    header, payload, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


def with_payload(token: str, payload: dict[str, Any]) -> str:
    """The JWS with another payload but the original header and signature (a forgery)."""
    header, _payload, signature = token.split(".")
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
    return f"{header}.{body}.{signature}"


def verified_with_pyjwt(client, token: str, **options: Any) -> dict[str, Any]:
    """The payload after PyJWT checked the ES256 signature with the JWK that the ``kid`` URL serves."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["typ"] in ("JWT", "vc+jwt")
    path = header["kid"].split("://", 1)[1].split("/", 1)[1]
    jwk = client.get("/" + path)
    assert jwk.status_code == 200 and "d" not in jwk.get_json()
    key = jwt.PyJWK(jwk.get_json()).key
    return jwt.decode(token, key, algorithms=["ES256"], options={"verify_aud": False, **options})


def schema_errors(credential: dict[str, Any]) -> list[str]:
    """What the 1EdTech OB 3.0 JSON schema finds wrong with a credential (format checks included)."""
    schema = json.loads(SCHEMA_FILE.read_text())
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(credential)]


def status_bit(client, credential: dict[str, Any]) -> bool:
    """Whether the credential's revocation bit is set, read as a verifier would (PyJWT, gzip, base64)."""
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    path = "/" + entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    status_list = verified_with_pyjwt(client, response.get_data(as_text=True))
    subject = status_list["credentialSubject"]
    assert "BitstringStatusListCredential" in status_list["type"] and subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
