"""Field rules for names and passwords, shared by registration, profile and the admin CLI."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

from app.auth.name_alphabet import (
    chinese_name_char,
    code_point,
    first_refused,
    is_han,
    is_latin_letter,
    latin_name_char,
)

MIN_PASSWORD = 8
MAX_PASSWORD = 128


def _refused(char: str) -> str:
    return str(
        _l(
            "The character '%(char)s' (%(code)s) cannot be printed on certificates.",
            char=char,
            code=code_point(char),
        )
    )


def latin_name_problem(value: str) -> str | None:
    """Why ``value`` is not a name in Latin script that certificates can print, or None if it is one."""
    if not value.strip():
        return str(_l("Please enter your name."))
    if not any(is_latin_letter(c) for c in value):
        return str(_l("Please write your name in Latin letters (as in your passport)."))
    char = first_refused(value, latin_name_char)
    if char is None:
        return None
    if is_latin_letter(char) or is_han(char) or unicodedata.category(char).startswith("M"):
        return _refused(char)
    return str(
        _l(
            "The character '%(char)s' (%(code)s) is not allowed: names may contain Latin letters, spaces, "
            "hyphens, apostrophes and full stops only.",
            char=char,
            code=code_point(char),
        )
    )


def chinese_name_problem(value: str) -> str | None:
    """Why ``value`` is not a name in Chinese characters that certificates can print, or None (or empty)."""
    char = first_refused(value, chinese_name_char)
    if char is None:
        return None
    if is_han(char):
        return _refused(char)
    return str(
        _l(
            "The character '%(char)s' (%(code)s) is not allowed: please use Chinese characters only "
            "(a middle dot · is allowed).",
            char=char,
            code=code_point(char),
        )
    )


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
