"""Findings about content files, printed as `path:line: message` like a compiler would.

Quiz, course and YAML readers all report through `Problem`, so that `flask courses check` prints every
kind of file in one format; the shorthands only save repeating the severity everywhere.
"""

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about a file, printed as `path:line: message` like a compiler would."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def error(path: str, line: int, message: str) -> Problem:
    """A problem that blocks the import of the course."""
    return Problem(path, line, message, "error")


def warning(path: str, line: int, message: str) -> Problem:
    """A problem worth fixing that does not block the import (a missing or stale translation)."""
    return Problem(path, line, message, "warning")


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem blocks the import."""
    return any(problem.severity == "error" for problem in problems)
