"""Which language a request is served in.

Order: the signed-in user's saved preference, then the visitor's explicit choice (kept in the session),
then the browser's Accept-Language, then the configured default.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from app.langtags import SESSION_KEY

#: Names shown in the language menu, each in its own language.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "zh": "中文"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    languages = supported()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    if request.accept_languages:
        # Accept-Language may say zh-CN, zh-Hans or zh-TW; all map to our only Chinese.
        best = request.accept_languages.best_match(
            list(languages) + ["zh-CN", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "de-DE", "de-AT", "de-CH"]
        )
        if best:
            return best.split("-")[0]
    return current_app.config["BABEL_DEFAULT_LOCALE"]
