"""The `---` YAML header of a Markdown file: one reader for module texts and quiz files alike.

The header is read with line-aware YAML (`LineDict`), so a bad value is reported on the line of its
key, duplicate keys and aliases are refused, and quiz and module files give the same message for the
same mistake. What the keys mean is up to the caller (`course.schema` for modules, `quiz.header` for
quizzes).
"""

from typing import Any

from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.yamllines import LineDict, load_yaml

_FENCE = "---"
_END_FENCES = (_FENCE, "...")
NOT_CLOSED = N_("front matter is not closed: add a line '---' after it")


def read_front_matter(lines: list[str], path: str) -> tuple[LineDict | None, int | None, list[Problem]]:
    """Read the header at the top of `lines` (the file split at its line ends).

    Returns the mapping (None when the file has no header, or the header is not `key: value` YAML),
    the index of the first line after the header (0 without a header, None when it is not closed), and
    the problems found.
    """
    if not lines or lines[0].rstrip() != _FENCE:
        return None, 0, []
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _END_FENCES), None)
    if end is None:
        return None, None, [error(path, 1, NOT_CLOSED)]
    value, problems = load_yaml(
        "\n".join(lines[1:end]), path, first_line=2, label=N_("invalid YAML in the front matter")
    )
    if value is None and not problems:
        return LineDict(1), end + 1, []  # an empty header
    if not isinstance(value, LineDict):
        if value is not None:
            problems.append(error(path, 2, N_("front matter must be 'key: value' lines")))
        return None, end + 1, problems
    return value, end + 1, problems


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int, list[Problem]]:
    """Split a Markdown file into (front matter, body, first body line, problems).

    A file without front matter (or with one that cannot be read) yields an empty mapping; the mapping
    is a `LineDict`, so callers can report problems on the line of the offending key.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    data, start, problems = read_front_matter(lines, path)
    if start is None or start == 0:
        return LineDict(1), "\n".join(lines), 1, problems
    return data if data is not None else LineDict(1), "\n".join(lines[start:]), start + 1, problems
