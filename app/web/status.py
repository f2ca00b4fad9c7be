"""The status words that several features show (a module passed, a course completed…) and their badges'
colours, in one place. The codes are those of app/progress/models.py and app/orgs/visibility.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NOT_STARTED, IN_PROGRESS, PASSED, COMPLETED = "not_started", "in_progress", "passed", "completed"

LABELS = {
    NOT_STARTED: _l("Not started"),
    IN_PROGRESS: _l("In progress"),
    PASSED: _l("Passed"),
    COMPLETED: _l("Completed"),
}
BADGE_CLASSES = {
    NOT_STARTED: "badge-todo",
    IN_PROGRESS: "badge-progress",
    PASSED: "badge-done",
    COMPLETED: "badge-done",
}


def status_labels(*statuses: str) -> dict[str, str]:
    """The words for ``statuses`` in the request's language, in the order given (for select boxes)."""
    return {status: str(LABELS[status]) for status in statuses}


def status_label(status: str | None) -> str:
    """The word for ``status`` (None: not started)."""
    return str(LABELS[status or NOT_STARTED])


def badge_class(status: str | None) -> str:
    """The CSS class of the badge of ``status`` (None: not started)."""
    return BADGE_CLASSES[status or NOT_STARTED]
