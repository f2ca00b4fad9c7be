"""Shorthands for the problems the course checker reports.

The `Problem` type itself belongs to the quiz engine, so that `flask courses check` prints quiz and course
problems in one format (`path:line: message`); these helpers only save repeating the severity everywhere.
"""

from app.quizzes.model import Problem


def error(path: str, line: int, message: str) -> Problem:
    """A problem that blocks the import of the course."""
    return Problem(path, line, message, "error")


def warning(path: str, line: int, message: str) -> Problem:
    """A problem worth fixing that does not block the import (a missing or stale translation)."""
    return Problem(path, line, message, "warning")


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem blocks the import."""
    return any(problem.severity == "error" for problem in problems)
