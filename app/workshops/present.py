"""Workshop times as people read them, in a locale (Babel, four-digit years) and a zone."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time

from app.langtags import BABEL_LOCALES
from app.timeutil import in_zone


def when(utc: datetime, zone_name: str, lang: str) -> str:
    """E.g. "Mi., 10.03.2027, 09:00", "Wed, 10 Mar 2027, 09:00", "2027年3月10日 周三 09:00"."""
    local = in_zone(utc, zone_name)
    locale = BABEL_LOCALES.get(lang, "de_DE")
    day = format_date(local.date(), "EEE, " + _date_pattern(lang), locale=locale)
    if lang == "zh":
        day = format_date(local.date(), "y年M月d日 EEE", locale=locale)
    return f"{day}, {format_time(local, 'HH:mm', tzinfo=local.tzinfo, locale=locale)}"


def _date_pattern(lang: str) -> str:
    return {"de": "dd.MM.y", "en": "d MMM y"}.get(lang, "y-MM-dd")


def span(starts: datetime, ends: datetime, zone_name: str, lang: str) -> str:
    """Start and end; the end as a time only when it is the same local day."""
    first, last = in_zone(starts, zone_name), in_zone(ends, zone_name)
    if first.date() == last.date():
        locale = BABEL_LOCALES.get(lang, "de_DE")
        return (
            f"{when(starts, zone_name, lang)}–{format_time(last, 'HH:mm', tzinfo=last.tzinfo, locale=locale)}"
        )
    return f"{when(starts, zone_name, lang)} – {when(ends, zone_name, lang)}"
