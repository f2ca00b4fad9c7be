"""What every template can use: the language menu, dates in the viewer's zone, numbers per locale."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, has_request_context, request
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from app.i18n import formats
from app.i18n.locale import HTML_LANG, LANGUAGE_NAMES
from app.workshops.times import viewer_zone


def _locale() -> str:
    return str(get_locale() or "de")


def select_timezone() -> str:
    """Flask-Babel's zone selector: the profile's zone, else the one for the interface language."""
    chosen = getattr(current_user, "timezone", None) if has_request_context() else None
    return viewer_zone(chosen, _locale())


def _zone() -> ZoneInfo:
    return ZoneInfo(str(get_timezone()))


def show_moment(value: datetime | None, fmt: str = "medium") -> str:
    """A stored time as this viewer reads it: their language, their zone, the zone named."""
    return formats.moment(value, _locale(), _zone(), fmt) if value else ""


def install(app: Flask) -> None:
    filters = app.jinja_env.filters
    filters["date"] = lambda value, fmt="medium": formats.day(value, _locale(), _zone(), fmt) if value else ""
    filters["datetime"] = show_moment
    filters["number"] = lambda value, digits=3: (
        formats.number(value, _locale(), digits) if value is not None else ""
    )
    filters["percent"] = lambda value: formats.percent(value, _locale()) if value is not None else ""
    filters["duration"] = lambda minutes: formats.duration(minutes or 0, _locale())

    @app.context_processor
    def inject() -> dict:
        locale = _locale()
        return {
            "current_locale": locale,
            "html_lang": HTML_LANG.get(locale, locale),
            "language_names": LANGUAGE_NAMES,
            "html_langs": HTML_LANG,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
