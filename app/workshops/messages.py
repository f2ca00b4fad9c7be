"""Refused workshop changes in the user's language, and the form field each one belongs to."""

from __future__ import annotations

from flask_babel import gettext as _

from app.workshops.errors import WorkshopError

#: error code -> (form field, message); the message may use the error's values (zone, count).
_MESSAGES = {
    "no_title": ("title_en", lambda v: _("Please give the workshop a title in at least one language.")),
    "unknown_zone": (
        "timezone",
        lambda v: _(
            "“%(zone)s” is not a time zone we know. Choose one from the list, e.g. Europe/Berlin.",
            zone=v["zone"],
        ),
    ),
    "end_before_start": ("ends", lambda v: _("The workshop must end after it starts.")),
    "deadline_after_start": (
        "deadline",
        lambda v: _("The registration deadline must not be after the start."),
    ),
    "bad_format": ("format", lambda v: _("Please choose on site, online or both.")),
    "capacity_range": ("capacity", lambda v: _("The capacity must be between 1 and 10,000 seats.")),
    "capacity_below": (
        "capacity",
        lambda v: _(
            "%(count)s people hold a seat already, so the capacity cannot be lower. Cancel registrations first.",
            count=v["count"],
        ),
    ),
    "hours_range": ("cpd_hours", lambda v: _("CPD hours must be between 0 and 200.")),
    "bad_url": ("online_url", lambda v: _("The online link must be a web address starting with https://.")),
    "needs_url": ("online_url", lambda v: _("An online or hybrid workshop needs an online link.")),
    "needs_venue": ("venue", lambda v: _("A workshop on site needs a venue.")),
}


def field_error(error: WorkshopError) -> tuple[str | None, str]:
    """The form field a refused change belongs to (None: the form as a whole) and the message."""
    field, message = _MESSAGES.get(error.code, (None, lambda v: _("The workshop could not be saved.")))
    return field, message(error.values)
