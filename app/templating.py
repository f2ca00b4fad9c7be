"""What every template can use: the language menu, locale-aware dates, the role labels."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.i18n.locale import HTML_LANG, LANGUAGE_NAMES


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
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )

    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else ""

    @app.context_processor
    def inject() -> dict:
        locale = str(get_locale())
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
