"""Dates, times, numbers and durations as the viewer reads them: their language, their time zone.

Pure functions taking the locale and the zone explicitly; app/templating.py binds them to the request.
Stored times are naive UTC. Years always have four digits (CLDR's short German date is "06.12.26").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.numbers import NumberPattern, format_decimal, format_percent, parse_pattern
from babel.units import format_unit


def local(moment: datetime, zone: tzinfo) -> datetime:
    """A stored (naive UTC, or aware) time in ``zone``."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(zone)


def day(value: date | datetime, locale: str, zone: tzinfo, fmt: str = "medium") -> str:
    """A date; a datetime is first moved into ``zone`` (00:30 UTC is the same day in Berlin, not in Shanghai).

    ``short`` is numeric with a four-digit year (6.12.2026, 12/6/2026, 2026/12/6).
    """
    if isinstance(value, datetime):
        value = local(value, zone).date()
    return _day_text(value, locale, fmt)


@lru_cache(maxsize=2048)
def _day_text(value: date, locale: str, fmt: str) -> str:
    """A calendar date in words, kept per (date, locale, format): most dates a page shows are recent days
    that every participant's pages show again, and Babel matches the skeleton anew on every call."""
    if fmt == "short":
        return format_skeleton("yMd", value, locale=locale)
    return format_date(value, fmt, locale=locale)


def zone_label(moment: datetime, locale: str) -> str:
    """The zone of an aware time, short: MEZ, CET, EST, else UTC+8 (never a bare "+0800")."""
    name = format_datetime(moment, "z", tzinfo=moment.tzinfo, locale=locale)
    if name.isalpha():
        return name
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@lru_cache(maxsize=4096)
def moment(value: datetime, locale: str, zone: tzinfo, fmt: str = "medium") -> str:
    """Date, time (hours and minutes) and zone, in the locale's order: "6.12.2026, 07:59 UTC+8".

    Kept per (value, locale, zone, format): "My learning" shows the same ten submission times on every
    visit, and each costs three Babel formattings (date, time, zone name)."""
    shown = local(value, zone)
    time = format_time(shown, "short", tzinfo=shown.tzinfo, locale=locale)
    text = _datetime_pattern(locale).replace("{1}", day(shown, locale, zone, fmt)).replace("{0}", time)
    return f"{text} {zone_label(shown, locale)}"


@lru_cache(maxsize=1024)
def number(value: float | int, locale: str, digits: int = 3) -> str:
    """A number with at most ``digits`` decimals (94,9 in German). Kept per value: a quiz's result page
    shows two dozen scores and points, nearly all of them small numbers seen before, and Babel's
    formatting costs more than the rest of such a line."""
    return format_decimal(round(value, digits), locale=locale)


@lru_cache(maxsize=32)
def _datetime_pattern(locale: str) -> str:
    """The locale's short date-and-time order ("{1}, {0}"); looked up once per locale, not per date shown."""
    return str(Locale.parse(locale).datetime_formats["short"])


@lru_cache(maxsize=32)
def _percent_pattern(locale: str) -> NumberPattern:
    """The locale's percent pattern with one optional decimal, parsed once per locale (a list of results
    shows dozens of percentages)."""
    return parse_pattern(Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", "#,##0.#"))


@lru_cache(maxsize=1024)
def percent(value: float | int, locale: str) -> str:
    """A percentage (0–100) with at most one decimal in the locale's pattern: "94,9 %", "94.9%"; kept per
    (value, locale): progress bars and pass marks repeat a few dozen values."""
    return format_percent(round(value, 1) / 100, format=_percent_pattern(locale), locale=locale)


@lru_cache(maxsize=1024)
def duration(minutes: int, locale: str) -> str:
    """A reading time in short units: "1 Std.", "1 hr 5 min", "1小时5分钟" (no "1 h 0 min"); kept per
    (minutes, locale), as Babel's unit formatting costs more than the rest of a module's line."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    parts = [format_unit(hours, "duration-hour", length="short", locale=locale)] if hours else []
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", length="short", locale=locale))
    return ("" if locale.startswith("zh") else " ").join(parts)
