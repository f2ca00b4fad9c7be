"""Lexical rules shared by the quiz file reader, the writer and the converters: ids and numbers.

Kept in one place so that what the writer produces is exactly what the reader accepts.
"""

import math
import re
import unicodedata

MAX_ID_LENGTH = 64
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
#: A number as the file writes it: decimal point, optional sign and exponent. ASCII digits only (`\d`
#: would accept Arabic-Indic or full-width digits, and `float()` would accept "nan", "inf" and "1_0").
_FILE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MAX_NUMBER_LENGTH = 64
#: German spellings without umlauts, so "Behörde" becomes "behoerde" rather than "behorde".
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def is_id(text: str) -> bool:
    """Whether `text` is a valid question, option or pair id: a lower-case ASCII slug."""
    return (
        0 < len(text) <= MAX_ID_LENGTH
        and _ID_CHARS.issuperset(text)
        and not text.startswith("-")
        and not text.endswith("-")
        and "--" not in text
    )


def slugify(text: str, max_length: int = 40) -> str:
    """A lower-case ASCII slug made from a title ("Grant's tomb" -> "grant-s-tomb"); "" if none remains."""
    text = text.lower().translate(_TRANSLITERATE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def letter_ids(count: int) -> list[str]:
    """Option ids for converted questions: a, b, … z, then o27, o28, … ."""
    return [chr(ord("a") + i) if i < 26 else f"o{i + 1}" for i in range(count)]


def read_file_number(text: str) -> float | None:
    """A finite number written with a decimal point, or None."""
    text = text.strip()
    if len(text) > _MAX_NUMBER_LENGTH or not _FILE_NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """The shortest text that `read_file_number` reads back as exactly `value` (2.0 -> "2")."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
