"""Saying what is wrong with invalid YAML in a trainer's words, on the line to fix.

PyYAML reports where its parser gave up, in its own terms ("mapping values are not allowed here",
"found unexpected end of stream"), which is often a line after the mistake: an unclosed quote is found
at the end of the header, a missing colon on the next line. The few mistakes people actually make in
front matter and course.yaml are recognised here and pointed at the line where they are written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.content.messages import N_

if TYPE_CHECKING:
    import yaml

#: `title：Marken`: a key followed by the full-width colon of Chinese input methods, and no ASCII colon.
_FULL_WIDTH_KEY = re.compile(r"^\s*[^\s#:：-][^:：]*：")
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s#:'\"-][^:]*):\s+(\S.*)$")
_BAD_START = re.compile(r"found character '(\\t|.)' that cannot start any token")


def explain_yaml_error(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The 0-based line (of `lines`, the YAML text) to report `exc` on, and what to tell the author."""
    import yaml  # already loaded: `exc` is one of its errors

    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at = min(mark.line if mark else 0, max(len(lines) - 1, 0))
    text = lines[at] if lines else ""
    full_width = next((i for i in range(at + 1) if _FULL_WIDTH_KEY.match(lines[i])), None)
    if full_width is not None:
        return full_width, N_(
            "write the colon after a key as ':' followed by a space, not the full-width '：'"
        )
    if "while scanning a quoted scalar" in context and exc.context_mark:
        return (
            exc.context_mark.line,
            N_("the quote opened on this line is not closed: end the value with the same quote"),
        )
    if context.startswith("while parsing a flow") and exc.context_mark:
        if "mapping" in context:
            message = N_(
                "'{' starts an inline mapping that is not closed: put a value that starts with '{' in quotes"
            )
        else:
            message = N_(
                "'[' starts an inline list that is not closed: put a value that starts with '[' in quotes"
            )
        return exc.context_mark.line, message
    if (bad := _BAD_START.match(problem)) is not None:
        if bad[1] == "\\t":
            return at, N_("indent with spaces: YAML does not allow tabs")
        return at, N_("a value cannot start with '%(char)s': put the value in quotes", char=bad[1])
    if problem == "mapping values are not allowed here" and mark:
        return _colon_problem(lines, at, mark.column)
    if problem == "could not find expected ':'" and exc.context_mark:
        return _missing_colon(lines, exc.context_mark.line)
    if problem.startswith("expected <block end>, but found '<scalar>'") and "'" in text + '"':
        return at, N_("text after the closing quote: put the whole value in quotes")
    if problem.startswith("expected <block end>, but found '-'"):
        return at, N_(
            "a list item where a 'key: value' line was expected: write a list indented under its key"
        )
    if problem.startswith("expected <block end>, but found '<block mapping start>'"):
        return at, N_("this line is indented differently from the keys above it: align the keys of one entry")
    if problem.startswith("found undefined alias") or problem.startswith("aliases (*name)"):
        return at, N_("aliases (*name) are not supported: put a value that starts with '*' in quotes")
    if problem == "mapping keys are not allowed here":
        return at, N_("a value cannot start with '? ': put the value in quotes")
    if isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError):
        return at, N_(
            "%(problem)s (check the quotes, colons and indentation of this line)", problem=problem or context
        )
    return at, problem or context


def _colon_problem(lines: list[str], at: int, column: int) -> tuple[int, str]:
    """'mapping values are not allowed here': a second colon, an indented key, or a line above without one."""
    text = lines[at]
    match = _KEY_VALUE.match(text)
    if match is not None and column > text.find(":"):
        key, value = match[2].strip(), match[3].strip().replace('"', '\\"')
        return at, N_(
            "a value containing ': ' must be in quotes: %(example)s", example=key + ': "' + value + '"'
        )
    above = next((i for i in range(at - 1, -1, -1) if lines[i].strip()), None)
    if above is None:
        return at, N_("a colon here is not allowed: put the value in quotes")
    if text[:1].isspace() and _KEY_VALUE.match(lines[above]):
        return at, N_(
            "this line is indented, but the key above it already has a value: remove the indentation"
        )
    return _missing_colon(lines, above)


def _missing_colon(lines: list[str], at: int) -> tuple[int, str]:
    """A line that should be `key: value` but is not."""
    if re.search(r"\S:\S", lines[at]) and ": " not in lines[at]:
        return at, N_("put a space after the colon: 'key: value'")
    return at, N_("this line is not 'key: value': a colon and a space must follow the key")
