"""What every template can use: the language menu, locale-aware dates, the role labels."""

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from app.i18n.locale import HTML_LANG, LANGUAGE_NAMES


def install(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )

    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else ""

    @app.context_processor
    def inject() -> dict:
        locale = str(get_locale())
        return {
            "current_locale": locale,
            "html_lang": HTML_LANG.get(locale, locale),
            "language_names": LANGUAGE_NAMES,
            "html_langs": HTML_LANG,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
