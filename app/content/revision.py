"""Revisions of course files: how translations name the source they were translated from.

A translation's front matter carries `source_rev`, the revision of the source file it was made from; when
the source changes, its revision changes and the translation is reported as stale. The revision ignores
what editors change without the author noticing (a byte-order mark, Windows or old Mac line endings), so
saving a file on another system does not make every translation stale.
"""

import hashlib

_BOM = b"\xef\xbb\xbf"
SOURCE_REV_LENGTH = 12


def normalise(data: bytes) -> bytes:
    """The bytes with a UTF-8 byte-order mark removed and CRLF/CR line endings turned into LF."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def source_rev(data: bytes) -> str:
    """The revision a translation names in `source_rev`: the first 12 hex digits of the SHA-256."""
    return hashlib.sha256(normalise(data)).hexdigest()[:SOURCE_REV_LENGTH]


def content_hash(*parts: str | bytes) -> str:
    """A full SHA-256 over several texts, so an import can tell whether anything changed at all.

    Each part is length-prefixed, so moving text from one part to the next changes the hash.
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
