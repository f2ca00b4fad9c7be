"""Typed reading of YAML mappings, with each wrong value reported on the line where it was written.

Shared by `course.yaml` and module front matter. Each reader returns a usable value (the default when the
written one is wrong) so one mistake does not hide the next; the problems say what the import will refuse.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.yamllines import LineDict, LineList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_SHOWN = 60


@dataclass
class FieldReader:
    """Reads the keys of one mapping of the file `path`, collecting problems into `problems`."""

    mapping: dict[str, Any]
    path: str
    problems: list[Problem]
    prefix: str = ""  # "certificate." for nested keys, so messages name the full key

    def line(self, key: str) -> int:
        """The line of `key` (of the mapping when absent), 1 when the mapping has no line information."""
        return self.mapping.line_of(key) if isinstance(self.mapping, LineDict) else 1

    def fail(self, key: str, message: str) -> None:
        """Report `message` on the line of `key`."""
        self.problems.append(error(self.path, self.line(key), message))

    def present(self, key: str, required: bool) -> bool:
        """Whether `key` is there; reports a missing required key on the mapping's line."""
        if key in self.mapping and self.mapping[key] is not None:
            return True
        if required:
            self.fail(key, N_("%(key)s is required", key=self.prefix + key))
        return False

    def reject_unknown(self, known: Iterable[str]) -> None:
        """Report every key not in `known`, suggesting the closest known one (a typo like 'pasmark')."""
        known = list(known)
        for key in self.mapping:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                name = self.prefix + key[:_MAX_SHOWN]
                if close:
                    message = N_(
                        "unknown key '%(key)s' (did you mean '%(close)s'?)",
                        key=name,
                        close=self.prefix + close[0],
                    )
                else:
                    message = N_("unknown key '%(key)s'", key=name)
                self.fail(key, message)

    def text(self, key: str, *, required: bool = True) -> str:
        """A non-empty text ("" when missing or wrong)."""
        if not self.present(key, required):
            return ""
        value = self.mapping[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(key, N_("%(key)s must be a non-empty text", key=self.prefix + key))
            return ""
        return value.strip()

    def integer(self, key: str, *, minimum: int, maximum: int, default: int, required: bool = False) -> int:
        """A whole number in [minimum, maximum] (YAML booleans are not numbers here)."""
        if not self.present(key, required):
            return default
        value = self.mapping[key]
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.fail(
                key,
                N_(
                    "%(key)s must be a whole number between %(minimum)s and %(maximum)s",
                    key=self.prefix + key,
                    minimum=minimum,
                    maximum=maximum,
                ),
            )
            return default
        return value

    def number(self, key: str, *, minimum: float, maximum: float, default: float) -> float:
        """A number in [minimum, maximum]; NaN and infinities are refused."""
        if not self.present(key, False):
            return default
        value = self.mapping[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not minimum <= value <= maximum:
            self.fail(
                key,
                N_(
                    "%(key)s must be a number between %(minimum)s and %(maximum)s",
                    key=self.prefix + key,
                    minimum=format(minimum, "g"),
                    maximum=format(maximum, "g"),
                ),
            )
            return default
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        """true or false."""
        if not self.present(key, False):
            return default
        value = self.mapping[key]
        if not isinstance(value, bool):
            self.fail(key, N_("%(key)s must be true or false", key=self.prefix + key))
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, default: str) -> str:
        """One of `choices`."""
        if not self.present(key, False):
            return default
        value = self.mapping[key]
        if value not in choices:
            self.fail(
                key,
                N_(
                    "%(key)s must be one of: %(choices)s (not %(value)s)",
                    key=self.prefix + key,
                    choices=", ".join(choices),
                    value=shown(value),
                ),
            )
            return default
        return value

    def date(self, key: str, *, required: bool) -> date | None:
        """A calendar date written YYYY-MM-DD (quoted or not)."""
        if not self.present(key, required):
            return None
        value = self.mapping[key]
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(
                key,
                N_(
                    "%(key)s must be a date written YYYY-MM-DD (not %(value)s)",
                    key=self.prefix + key,
                    value=shown(value),
                ),
            )
            return None
        return value

    def sub_mapping(self, key: str) -> "FieldReader | None":
        """A reader for the nested mapping under `key`, or None (reported) when it is not a mapping."""
        if not self.present(key, False):
            return None
        value = self.mapping[key]
        if not isinstance(value, dict):
            self.fail(
                key,
                N_("%(key)s must be a mapping ('key: value' lines indented under it)", key=self.prefix + key),
            )
            return None
        return FieldReader(value, self.path, self.problems, prefix=f"{self.prefix}{key}.")

    def text_list(self, key: str, *, required: bool = False) -> tuple[list[str], list[int]] | None:
        """A list of non-empty texts with the line of each; None (reported) when it is not a list."""
        if not self.present(key, required):
            return None
        value = self.mapping[key]
        if not isinstance(value, list):
            self.fail(key, N_("%(key)s must be a list, like [a, b]", key=self.prefix + key))
            return None
        items: list[str] = []
        lines: list[int] = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LineList) else self.line(key)
            if not isinstance(item, str) or not item.strip():
                self.problems.append(
                    error(self.path, line, N_("%(key)s must contain only texts", key=self.prefix + key))
                )
                continue
            items.append(item.strip())
            lines.append(line)
        return items, lines


def shown(value: Any) -> str:
    """A short, safe rendering of a written value for a message (never the repr of a large structure)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool | int | float | date) or value is None:
        text = str(value).lower() if isinstance(value, bool) or value is None else str(value)
    else:
        return (
            N_("a list")
            if isinstance(value, list)
            else N_("a mapping")
            if isinstance(value, dict)
            else N_("a value")
        )
    return repr(text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…")
