"""Dates, times, numbers and durations per locale and time zone (app/i18n/formats.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.i18n import formats

BERLIN, SHANGHAI, NEW_YORK = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
)
#: 23:59 UTC on 5 December: already the 6th in Berlin (00:59) and Shanghai (07:59).
LATE = datetime(2026, 12, 5, 23, 59)


@pytest.mark.parametrize(
    ("locale", "zone", "expected"),
    [
        ("de", BERLIN, "6.12.2026, 00:59 MEZ"),
        ("en", BERLIN, "12/6/2026, 12:59\u202fAM UTC+1"),
        ("zh", SHANGHAI, "2026/12/6 07:59 UTC+8"),
        ("en", NEW_YORK, "12/5/2026, 6:59\u202fPM EST"),
    ],
)
def test_a_moment_in_the_viewers_zone_with_the_zone_named(locale, zone, expected):
    assert formats.moment(LATE, locale, zone, "short") == expected


def test_short_dates_have_four_digit_years():
    for locale in ("de", "en", "zh"):
        assert "2026" in formats.day(date(2026, 12, 6), locale, BERLIN, "short")
    assert formats.day(date(2026, 12, 6), "de", BERLIN, "short") == "6.12.2026"


def test_a_stored_time_gives_the_date_of_the_viewers_zone():
    assert formats.day(LATE, "zh", SHANGHAI, "short") == "2026/12/6"
    assert formats.day(LATE, "en", NEW_YORK, "short") == "12/5/2026"


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [("de", 94.93, "94,9\xa0%"), ("en", 94.93, "94.9%"), ("zh", 70, "70%"), ("de", 100, "100\xa0%")],
)
def test_percent_per_locale(locale, value, expected):
    assert formats.percent(value, locale) == expected


@pytest.mark.parametrize(
    ("minutes", "locale", "expected"),
    [(60, "de", "1 Std."), (75, "en", "1 hr 15 min"), (12, "zh", "12分钟"), (130, "zh", "2小时10分钟")],
)
def test_durations_never_say_zero_minutes(minutes, locale, expected):
    assert formats.duration(minutes, locale) == expected


def test_kept_texts_are_per_locale_and_zone():
    """Moments, dates, percentages and durations are kept once formatted; the same value asked for in
    turn by viewers in other zones and languages still gets each its own."""
    for _round in range(2):
        assert formats.moment(LATE, "de", BERLIN, "short") == "6.12.2026, 00:59 MEZ"
        assert formats.moment(LATE, "de", NEW_YORK, "short") == "5.12.2026, 18:59 UTC-5"
        assert formats.moment(LATE, "en", NEW_YORK, "short") == "12/5/2026, 6:59\u202fPM EST"
        assert formats.moment(LATE, "de", BERLIN, "long") != formats.moment(LATE, "de", BERLIN, "short")
        assert formats.day(LATE, "de", BERLIN, "short") == "6.12.2026"
        assert formats.day(LATE, "de", NEW_YORK, "short") == "5.12.2026"
        assert (formats.percent(70, "de"), formats.percent(70, "en")) == ("70\xa0%", "70%")
        assert (formats.duration(60, "de"), formats.duration(60, "en")) == ("1 Std.", "1 hr")
