"""The characters a name may have: exactly those the certificate fonts draw as typed.

A name is printed on signed certificates, and a certificate must show the holder's name exactly. The
certificate renderer (ReportLab) embeds DejaVu Sans Bold and WenQuanYi Micro Hei and does no text
shaping: no right-to-left reordering, no Arabic joining, no placement of combining marks. So names are
limited, where they are entered, to what those fonts cover and what needs no shaping:

- Latin names: the Latin letters of Basic Latin, Latin-1, Latin Extended-A and -B, IPA Extensions
  (ɛ ɔ ŋ of West African names), Latin Extended Additional (Vietnamese) up to U+1EFB, and the fullwidth
  Latin letters a Chinese input method types; plus space, hyphen, apostrophes and full stop. Accents
  typed as combining marks are composed first (NFC); a mark that has no composed form is refused.
- Chinese names: the CJK Unified Ideographs U+4E00–U+9FC3 (WenQuanYi Micro Hei has all of them, but not
  the extension blocks such as 𠮷 U+20BB7), the middle dots · and ・, and spaces.

tests/certificates/test_certificate_names.py walks every character accepted here and checks the fonts'
character maps; change the fonts and that test says whether this alphabet still holds. Plain Python:
no Flask, so the command line, the forms and the certificate service share it.
"""

from __future__ import annotations

import unicodedata

#: Code point ranges (inclusive) whose Latin letters a Latin name may use.
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0041, 0x024F),  # Basic Latin, Latin-1 Supplement, Latin Extended-A and -B
    (0x0250, 0x02AF),  # IPA Extensions
    (0x1E00, 0x1EFB),  # Latin Extended Additional, without the medievalist letters U+1EFC–U+1EFF
    (0xFF21, 0xFF5A),  # fullwidth Latin letters
)
#: Punctuation a Latin name may use between its letters.
LATIN_PUNCTUATION = frozenset(" -'.’")
#: The CJK Unified Ideographs a Chinese name may use.
CHINESE_RANGES: tuple[tuple[int, int], ...] = ((0x4E00, 0x9FC3),)
#: Besides ideographs: the middle dot (in transliterated foreign names) and spaces.
CHINESE_PUNCTUATION = frozenset("·・ ")


def _in(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def is_latin_letter(char: str) -> bool:
    """Any Latin letter of Unicode, printable or not (to tell "not printable" from "not Latin")."""
    return char.isalpha() and "LATIN" in unicodedata.name(char, "")


def is_han(char: str) -> bool:
    """Any Chinese character of Unicode, printable or not."""
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def latin_name_char(char: str) -> bool:
    """Whether a Latin name may contain ``char`` (one character of the NFC form)."""
    return char in LATIN_PUNCTUATION or (is_latin_letter(char) and _in(char, LATIN_RANGES))


def chinese_name_char(char: str) -> bool:
    """Whether a Chinese name may contain ``char`` (one character of the NFC form)."""
    return char in CHINESE_PUNCTUATION or (is_han(char) and _in(char, CHINESE_RANGES))


def first_refused(value: str, accepted) -> str | None:  # type: ignore[no-untyped-def]
    """The first character of ``value`` (composed to NFC) that ``accepted`` refuses, or None."""
    return next((char for char in unicodedata.normalize("NFC", value) if not accepted(char)), None)


def unprintable_name_char(name: str, name_zh: str | None) -> str | None:
    """The first character of a stored name that certificates cannot print (None: both names print).

    The last guard before signing, for names that reached the database some other way.
    """
    return first_refused(name, latin_name_char) or first_refused(name_zh or "", chinese_name_char)


def code_point(char: str) -> str:
    """U+20BB7, for messages that name a character."""
    return f"U+{ord(char):04X}"
