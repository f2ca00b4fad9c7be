"""Reading a list of e-mail addresses a manager pasted or uploaded (a text file, a CSV export from Excel).

Anything with an "@" is taken as an address ("Max Muster <max@example.org>" works, names and header
cells around it are ignored); an entry with an "@" that is not a valid address is reported, not skipped,
so that nobody is silently left out.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(r"[\s,;\"'<>()\[\]]+")


def decode_upload(data: bytes) -> str:
    """Text of an uploaded list: UTF-8 (with or without BOM), else Windows-1252 as older Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses, lower-cased, each once, in order; entries with an "@" that are not addresses)."""
    from email_validator import EmailNotValidError, validate_email  # with the first list, not at start-up

    valid: list[str] = []
    invalid: list[str] = []
    for token in _TOKENS.split(text or ""):
        token = token.strip().strip(".:")
        if "@" not in token:
            continue
        if token.lower().startswith("mailto:"):
            token = token[7:]
        try:
            address = validate_email(token, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            if token not in invalid:
                invalid.append(token[:80])
            continue
        if len(address) <= 254 and address not in valid:
            valid.append(address)
    return valid, invalid
