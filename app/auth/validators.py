"""Field rules for names and passwords, shared by registration, profile and the admin CLI."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

MIN_PASSWORD = 8
MAX_PASSWORD = 128


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def latin_name_problem(value: str) -> str | None:
    """Why ``value`` is not a name in Latin script, or None if it is one."""
    if not value.strip():
        return str(_l("Please enter your name."))
    if not any(_is_latin_letter(c) for c in value):
        return str(_l("Please write your name in Latin letters (as in your passport)."))
    for ch in value:
        if not (_is_latin_letter(ch) or ch in " -'.’" or unicodedata.category(ch) == "Mn"):
            return str(
                _l("Names may contain Latin letters, spaces, hyphens, apostrophes and full stops only.")
            )
    return None


def chinese_name_problem(value: str) -> str | None:
    """Why ``value`` is not a name in Chinese characters, or None if it is one (or empty)."""
    for ch in value:
        if not ("CJK UNIFIED IDEOGRAPH" in unicodedata.name(ch, "") or ch in "·・ "):
            return str(_l("Please use Chinese characters only (a middle dot · is allowed)."))
    return None


class LatinName:
    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        problem = latin_name_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ChineseName:
    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        problem = chinese_name_problem((field.data or "").strip())
        if problem:
            raise ValidationError(problem)


class NoControlCharacters:
    """Rejects control characters and the replacement character left by invalid UTF-8."""

    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        value = field.data or ""
        if any(unicodedata.category(c) == "Cc" or c == "\ufffd" for c in value):
            raise ValidationError(_l("This field contains characters that are not allowed."))
