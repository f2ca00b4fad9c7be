"""Workshops as iCalendar (RFC 5545) through the ``icalendar`` library: one stable UID per workshop, the
SEQUENCE raised on every change, and the times in the workshop's own zone with its VTIMEZONE.
The library is imported by the functions that build calendars, not by every `flask` command."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from app.timeutil import in_zone
from app.workshops.models import Workshop

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//ChInValue Academy//Workshops//EN"


def uid(workshop: Workshop, domain: str) -> str:
    """Stable for the workshop's life, so calendar apps update the event instead of adding another."""
    return f"workshop-{workshop.id}@{domain}"


def event(workshop: Workshop, lang: str, domain: str, url: str, *, show_link: bool) -> Event:
    """The workshop as a VEVENT; the online link only for those who may see it."""
    from icalendar import Event, vText

    item = Event()
    item.add("uid", uid(workshop, domain))
    item.add("sequence", workshop.sequence)
    item.add("dtstamp", workshop.created_at.replace(tzinfo=UTC))
    item.add("dtstart", in_zone(workshop.starts_at, workshop.timezone))
    item.add("dtend", in_zone(workshop.ends_at, workshop.timezone))
    item.add("summary", workshop.title_in(lang))
    description = workshop.description_in(lang)
    if show_link and workshop.online_url:
        description = f"{description}\n\n{workshop.online_url}".strip()
    if description:
        item.add("description", description)
    location = workshop.venue or (workshop.online_url if show_link else None)
    if location:
        item.add("location", vText(location))
    item.add("url", url)
    item.add("status", "CANCELLED" if workshop.cancelled_at else "CONFIRMED")
    return item


def calendar(events: list[Event], *, method: str | None = None) -> bytes:
    """A VCALENDAR with the events and a VTIMEZONE for every zone they use."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
