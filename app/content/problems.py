"""Findings about content files, printed as `path:line: message` like a compiler would.

Quiz, course and YAML readers all report through `Problem`, so that `flask courses check` prints every
kind of file in one format; the shorthands only save repeating the severity everywhere.
"""

from dataclasses import dataclass
from typing import Literal

from app.content.messages import N_, Gettext, translate

Severity = Literal["error", "warning"]
_WARNING = N_("warning")


def _english(text: str) -> str:
    return text


@dataclass(frozen=True)
class Problem:
    """One finding about a file, printed as `path:line: message` like a compiler would."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return self.render(_english)

    def text(self, gettext: Gettext) -> str:
        """The message alone, in the language of ``gettext``."""
        return str(translate(self.message, gettext))

    def render(self, gettext: Gettext) -> str:
        """`path:line: message` (with "warning: " before a warning's message) in the language of ``gettext``."""
        prefix = f"{_WARNING.translated(gettext)}: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.text(gettext)}"


def error(path: str, line: int, message: str) -> Problem:
    """A problem that blocks the import of the course."""
    return Problem(path, line, message, "error")


def warning(path: str, line: int, message: str) -> Problem:
    """A problem worth fixing that does not block the import (a missing or stale translation)."""
    return Problem(path, line, message, "warning")


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem blocks the import."""
    return any(problem.severity == "error" for problem in problems)
