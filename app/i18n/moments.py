"""Dates and times as the viewer reads them: the interface language and the viewer's time zone (the
profile's zone, else the one for the language). Used by templates and by messages built in views."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import has_request_context
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from app.i18n import formats
from app.timeutil import viewer_zone


def locale() -> str:
    return str(get_locale() or "de")


def select_timezone() -> str:
    """Flask-Babel's zone selector: the profile's zone, else the one for the interface language."""
    user = current_user._get_current_object() if has_request_context() else None  # type: ignore[attr-defined]
    chosen = getattr(user, "timezone", None)
    return viewer_zone(chosen, locale())


def zone() -> ZoneInfo:
    return ZoneInfo(str(get_timezone()))


def show_moment(value: datetime | None, fmt: str = "medium") -> str:
    """A stored time as this viewer reads it: their language, their zone, the zone named."""
    return formats.moment(value, locale(), zone(), fmt) if value else ""
