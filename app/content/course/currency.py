"""Whether a module's content is still current: its `review_by` date and the dates of the rules it watches.

A module declares when a trainer must check it again (`review_by`) and which rules with a date matter for
it (`watch`: a law taking effect, a transition ending). The checker warns once such a date has come; the
trainer's home page lists modules a little earlier, so there is time to revise before the date.
Plain functions with `today` passed in, so that tests and `flask courses check --today` can pick the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.content.course.module_meta import ModuleMeta, WatchEntry
from app.content.messages import N_
from app.content.problems import Problem, warning

#: The trainer's home page lists a watched date this many days before it arrives.
WATCH_HORIZON_DAYS = 30


def currency_problems(meta: ModuleMeta, path: str, today: date) -> list[Problem]:
    """Warnings for a `review_by` that has passed and for watched dates that have arrived."""
    problems: list[Problem] = []
    if meta.review_by is not None and meta.review_by < today:
        message = N_(
            "review_by %(date)s has passed: check the module against its sources, "
            "then set current_as_of and a new review_by",
            date=meta.review_by.isoformat(),
        )
        problems.append(warning(path, meta.review_by_line or 1, message))
    for entry in meta.watch:
        if entry.date <= today:
            message = N_(
                "watched date %(date)s has arrived (%(what)s): check the module "
                "against the rule as it now applies, then update or remove this watch entry",
                date=entry.date.isoformat(),
                what=entry.what,
            )
            problems.append(warning(path, entry.line or 1, message))
    return problems


def watch_to_data(watch: tuple[WatchEntry, ...]) -> list[dict[str, str]]:
    """The watch list as stored JSON."""
    return [{"what": entry.what, "date": entry.date.isoformat()} for entry in watch]


@dataclass(frozen=True)
class ReviewReason:
    """Why a module is due for review: its review date, or a watched rule (`what` is set)."""

    date: date
    what: str = ""

    @property
    def is_review_by(self) -> bool:
        return not self.what


def review_reasons(
    review_by: date | None, watch: list[dict[str, Any]] | None, today: date
) -> list[ReviewReason]:
    """What makes a module due now: `review_by` passed, or a watched date within WATCH_HORIZON_DAYS or past."""
    reasons: list[ReviewReason] = []
    if review_by is not None and review_by < today:
        reasons.append(ReviewReason(review_by))
    horizon = today + timedelta(days=WATCH_HORIZON_DAYS)
    for entry in watch or []:
        try:
            when = date.fromisoformat(str(entry.get("date")))
        except ValueError:
            continue  # stored by the importer from a checked file; nothing else writes it
        if when <= horizon:
            reasons.append(ReviewReason(when, str(entry.get("what", ""))))
    return sorted(reasons, key=lambda reason: reason.date)


def past_review(review_by: date | None, today: date) -> bool:
    """Whether learners should be told that the module is due for review."""
    return review_by is not None and review_by < today
