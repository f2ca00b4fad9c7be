"""W3C Bitstring Status List (v1.0): one bit per certificate, set when it is revoked.

A certificate's place is its row number: list ``id // LIST_SIZE + 1``, index ``id % LIST_SIZE``. Each list
has the 131,072 entries the specification sets as the minimum (so a list does not single anyone out);
it is served as a BitstringStatusListCredential built from the database's current state on every request.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime
from typing import Any

#: Entries per list: the specification's minimum (16 KB uncompressed).
LIST_SIZE = 131_072


def place(row_id: int) -> tuple[int, int]:
    """(list number from 1, index in the list) of the certificate with this row id."""
    return row_id // LIST_SIZE + 1, row_id % LIST_SIZE


def row_range(number: int) -> tuple[int, int]:
    """The row ids that list ``number`` covers, as a half-open range."""
    start = (number - 1) * LIST_SIZE
    return start, start + LIST_SIZE


def encode(indices: Iterable[int], size: int = LIST_SIZE) -> str:
    """The encodedList: the bitstring (index 0 = the first byte's highest bit), GZIP-compressed, as
    multibase base64url without padding (prefix ``u``)."""
    bits = bytearray(size // 8)
    for index in indices:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside the list of {size}")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def is_set(encoded_list: str, index: int) -> bool:
    """Whether bit ``index`` of an encodedList is set (the Bitstring Status List validation algorithm).

    :raises ValueError: for a list that is not multibase base64url GZIP, or an index outside it.
    """
    if not encoded_list.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix u)")
    data = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} outside the list of {len(bits) * 8}")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def list_credential(
    list_url: str, issuer_url: str, revoked_indices: Iterable[int], now: datetime
) -> dict[str, Any]:
    """The BitstringStatusListCredential for one list, with the JWT claims of its VC-JWT proof."""
    valid_from = now.replace(microsecond=0).isoformat()
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked_indices),
        },
        "iss": issuer_url,
        "jti": list_url,
        "sub": f"{list_url}#list",
        "nbf": int(now.timestamp()),
    }
