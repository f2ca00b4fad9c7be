"""The one rule for dates on and about certificates: calendar dates in the platform's time zone.

BABEL_DEFAULT_TIMEZONE (Europe/Berlin) decides the completion date, the issue date and the revocation date,
on the printed page, the verification page and in JSON alike; timestamps in JSON carry their offset.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    """The platform's time zone (BABEL_DEFAULT_TIMEZONE, Europe/Berlin): every date on and about a
    certificate is a calendar date there."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def today() -> date:
    """Today in the platform's time zone (dates on certificates are local dates)."""
    return datetime.now(zone()).date()


def local_date(moment: datetime) -> date:
    """A stored (naive UTC) timestamp as a date in the platform's time zone."""
    return local_time(moment).date()


def local_time(moment: datetime) -> datetime:
    """A stored (naive UTC) timestamp in the platform's time zone, with its offset (for JSON)."""
    return moment.replace(tzinfo=UTC).astimezone(zone()).replace(microsecond=0)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the 31st becomes the month's last day where needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
