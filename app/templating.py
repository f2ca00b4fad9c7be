"""What every template can use: the language menu, dates in the viewer's zone, numbers per locale, the
status words and badges."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.content.messages import translate
from app.i18n import formats
from app.i18n.locale import LANGUAGE_NAMES
from app.i18n.moments import locale as _locale
from app.i18n.moments import show_moment
from app.i18n.moments import zone as _zone
from app.langtags import HTML_LANG
from app.web.status import badge_class, status_label


def _gettext_for(lookup: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's new-style ``gettext`` (escaping, ``%(name)s`` placeholders) bound to one catalog.

    Flask-Babel's template ``_`` finds the request's catalog again on every call (a dozen context and
    locale lookups); a page calls it dozens of times, so the catalog is looked up once per render.
    """

    @pass_context
    def gettext(context: Context, string: str, /, **variables: object) -> str:
        translated = lookup(string)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704  (catalog text is trusted; `%` escapes the values, as in Jinja)
        return translated % variables

    return gettext


def _ngettext_for(lookup: Callable[[str, str, int], str]) -> Callable[..., str]:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /, **variables: object) -> str:
        variables.setdefault("num", num)
        translated = lookup(singular, plural, num)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704  (catalog text is trusted; `%` escapes the values, as in Jinja)
        return translated % variables

    return ngettext


def install(app: Flask) -> None:
    filters = app.jinja_env.filters
    filters["date"] = lambda value, fmt="medium": formats.day(value, _locale(), _zone(), fmt) if value else ""
    filters["datetime"] = show_moment
    filters["number"] = lambda value, digits=3: (
        formats.number(value, _locale(), digits) if value is not None else ""
    )
    filters["percent"] = lambda value: formats.percent(value, _locale()) if value is not None else ""
    filters["duration"] = lambda minutes: formats.duration(minutes or 0, _locale())
    # A checker or converter message (app.content marks them with N_) in the reader's language.
    filters["problem_text"] = lambda problem: translate(problem.message, get_translations().ugettext)
    app.jinja_env.globals.update(status_label=status_label, status_badge_class=badge_class)

    @app.context_processor
    def inject() -> dict:
        locale = _locale()
        translations = get_translations()
        gettext = _gettext_for(translations.ugettext)
        return {
            "current_locale": locale,
            "html_lang": HTML_LANG.get(locale, locale),
            "language_names": LANGUAGE_NAMES,
            "html_langs": HTML_LANG,
            "current_path": request.full_path.rstrip("?") if request else "/",
            "_": gettext,
            "gettext": gettext,
            "ngettext": _ngettext_for(translations.ungettext),
        }
