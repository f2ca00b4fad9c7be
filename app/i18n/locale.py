"""Which language a request is served in.

Order: the signed-in user's saved preference, then the visitor's explicit choice (kept in the session),
then the browser's Accept-Language, then the configured default.
"""

from __future__ import annotations

import functools

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_login import current_user

from app.langtags import SESSION_KEY

#: Names shown in the language menu, each in its own language.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "zh": "中文"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


class _Language(Locale):
    """A Babel locale that remembers its code: Babel formats the code anew on every ``str()``, and a page
    asks for it a dozen times (Flask-Babel's catalog lookup, our fragments, dates and numbers)."""

    def __init__(self, code: str) -> None:
        parsed = Locale.parse(code)  # as Flask-Babel parsed the selector's answer
        self._code = str(parsed)
        super().__init__(parsed.language, parsed.territory, parsed.script, parsed.variant, parsed.modifier)

    def __str__(self) -> str:
        return self._code


@functools.cache
def language(code: str) -> Locale:
    """One locale object per language for the process (Flask-Babel parsed the code on every request)."""
    return _Language(code)


#: Accept-Language headers already matched, per tuple of supported languages; emptied past LIMIT entries.
#: Headers longer than REMEMBERED_LENGTH (no browser sends one) are matched every time.
_MATCHED: dict[tuple[tuple[str, ...], str], str | None] = {}
LIMIT = 1000
_UNKNOWN = object()
REMEMBERED_LENGTH = 200


def select_locale() -> Locale:
    """Flask-Babel's locale selector."""
    return language(_select_code())


def _select_code() -> str:
    languages = supported()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user._get_current_object()  # type: ignore[attr-defined]  (one lookup, not two)
    user_locale = getattr(user, "locale", None) if user else None
    if user_locale in languages:
        return user_locale
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    header = request.headers.get("Accept-Language", "")
    if header:
        best = _browser_choice(languages, header)
        if best:
            return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _browser_choice(languages: tuple[str, ...], header: str) -> str | None:
    """The supported language an Accept-Language header asks for, remembered by the header's text (browsers
    send a handful of distinct headers; parsing one costs more than the rest of the choice)."""
    key = (languages, header)
    found = _MATCHED.get(key, _UNKNOWN)  # one lookup: another thread may empty the dict in between two
    if found is not _UNKNOWN:
        return found  # type: ignore[return-value]
    # Accept-Language may say zh-CN, zh-Hans or zh-TW; all map to our only Chinese.
    best = request.accept_languages.best_match(
        list(languages) + ["zh-CN", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "de-DE", "de-AT", "de-CH"]
    )
    choice = best.split("-")[0] if best else None
    if len(header) <= REMEMBERED_LENGTH:
        if len(_MATCHED) >= LIMIT:
            _MATCHED.clear()
        _MATCHED[key] = choice
    return choice
