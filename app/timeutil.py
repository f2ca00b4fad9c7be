"""Time, low enough for every package: the naive-UTC "now" that every table stores, and IANA zones.

Workshop times are stored as naive UTC beside an IANA zone name and shown in the viewer's zone. Pure functions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> datetime:
    """Now, as the naive UTC datetime every table stores (SQLite keeps no time zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


#: The zone a viewer sees when they have not chosen one, by interface language.
DEFAULT_ZONES = {"de": "Europe/Berlin", "en": "Europe/Berlin", "zh": "Asia/Shanghai"}


class UnknownZone(ValueError):
    """Not an IANA time zone name."""


def zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (e.g. Europe/Berlin).

    :raises UnknownZone: for anything that is not an IANA zone name.
    """
    if not name or name not in _zone_names():
        raise UnknownZone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownZone(name) from error


def _zone_names() -> frozenset[str]:
    if not _NAMES:
        _NAMES.update(available_timezones())
    return frozenset(_NAMES)


_NAMES: set[str] = set()


def zone_choices() -> list[str]:
    """Every IANA zone name, sorted (for the profile's select box)."""
    return sorted(name for name in _zone_names() if "/" in name and not name.startswith(("Etc/", "SystemV/")))


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in ``zone_name`` as naive UTC (for storing)."""
    aware = local.replace(tzinfo=zone(zone_name)) if local.tzinfo is None else local
    return aware.astimezone(UTC).replace(tzinfo=None)


def in_zone(utc: datetime, zone_name: str) -> datetime:
    """A stored naive-UTC time as an aware datetime in ``zone_name``."""
    return utc.replace(tzinfo=UTC).astimezone(zone(zone_name))


def viewer_zone(chosen: str | None, lang: str) -> str:
    """The viewer's zone: their own choice if valid, else the default for their language."""
    if chosen:
        try:
            zone(chosen)
            return chosen
        except UnknownZone:
            pass
    return DEFAULT_ZONES.get(lang, "Europe/Berlin")
