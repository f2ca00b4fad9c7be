"""What every template can use: the language menu, locale-aware dates, the status words and badges."""

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from app.i18n.locale import LANGUAGE_NAMES
from app.langtags import HTML_LANG
from app.web.status import badge_class, status_label


def install(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )

    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else ""
    app.jinja_env.globals.update(status_label=status_label, status_badge_class=badge_class)

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
