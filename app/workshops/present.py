"""Workshop times as people read them, in a locale (Babel, four-digit years) and a zone."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask_babel import gettext as _

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


def certificate_facts(facts: dict, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows of a workshop certificate's stored facts, for the verification page."""
    day = lambda iso: format_date(date.fromisoformat(iso), "long", locale=BABEL_LOCALES.get(lang, "de_DE"))  # noqa: E731
    kind = (
        _("Blended certificate: course and workshop")
        if facts["kind"] == "blended"
        else _("Attendance certificate")
    )
    rows = [(_("Certificate"), kind)]
    if facts.get("course_title"):
        titles = facts["course_title"]
        course = titles.get(lang) or next(iter(titles.values()), "")
        if facts.get("course_completed_on"):
            course = _(
                "%(course)s (completed on %(date)s)", course=course, date=day(facts["course_completed_on"])
            )
        rows.append((_("Course"), course))
    dates = day(facts["date"])
    if facts.get("end_date") and facts["end_date"] != facts["date"]:
        dates = f"{dates} – {day(facts['end_date'])}"
    rows.append((_("Workshop date"), dates))
    place = facts.get("place") or _("Online")
    if facts.get("place") and facts.get("online"):
        place = f"{place} · {_('Online')}"
    rows.append((_("Place"), place))
    if facts.get("hours") is not None:
        rows.append((_("CPD hours"), format_decimal(facts["hours"], locale=BABEL_LOCALES.get(lang, "de_DE"))))
    if facts.get("trainers"):
        rows.append((_("Trainers"), ", ".join(facts["trainers"])))
    return rows
