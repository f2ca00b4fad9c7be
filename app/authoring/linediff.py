"""A line diff of two course files (difflib), cut into rows a page can show: changes with a little context,
the unchanged stretches between them folded into one row.

Pure Python, no Flask: the rows carry plain text; the template escapes it (the files are Markdown source,
never rendered). Files beyond the limits are not compared at all, and very long diffs are cut, so one huge
file cannot keep a request busy or produce a page no browser can show.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

#: Lines per side above which two files are not compared (the editor stores at most 500 KB per file).
MAX_LINES = 20_000
#: Rows shown at most; the rest of a longer diff is left out with a note.
MAX_ROWS = 4_000
#: Unchanged lines shown around each change, unless the whole file is asked for.
CONTEXT = 3

EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"


@dataclass(frozen=True)
class Row:
    kind: str  #: equal, insert, delete, or skip (a folded stretch of ``skipped`` unchanged lines)
    old: int | None = None  #: line number in the older text
    new: int | None = None  #: line number in the newer text
    text: str = ""
    skipped: int = 0


@dataclass
class LineDiff:
    rows: list[Row] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    too_large: bool = False  #: not compared: a side has more than MAX_LINES lines
    truncated: bool = False  #: rows beyond MAX_ROWS were left out

    @property
    def same(self) -> bool:
        return not self.too_large and not self.added and not self.removed


def lines(text: str) -> list[str]:
    """The text's lines as a course file has them (LF; a final line break makes no empty last line)."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normal:
        return []
    return normal.split("\n")[:-1] if normal.endswith("\n") else normal.split("\n")


def line_diff(old: str, new: str, context: int | None = CONTEXT) -> LineDiff:
    """The changes from ``old`` to ``new`` line by line; ``context=None`` keeps every unchanged line."""
    a, b = lines(old), lines(new)
    if len(a) > MAX_LINES or len(b) > MAX_LINES:
        return LineDiff(too_large=True)
    diff = LineDiff()
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            _equal(diff, a, i1, i2, j1, context, first=index == 0, last=index == len(opcodes) - 1)
            continue
        diff.removed += i2 - i1
        diff.added += j2 - j1
        diff.rows.extend(Row(DELETE, old=i + 1, text=a[i]) for i in range(i1, i2))
        diff.rows.extend(Row(INSERT, new=j + 1, text=b[j]) for j in range(j1, j2))
    if len(diff.rows) > MAX_ROWS:
        diff.rows, diff.truncated = diff.rows[:MAX_ROWS], True
    return diff


def _equal(
    diff: LineDiff, a: list[str], i1: int, i2: int, j1: int, context: int | None, *, first: bool, last: bool
) -> None:
    """Unchanged lines: all of them, or ``context`` lines next to the changes and one row for the rest."""
    count = i2 - i1
    if context is None:
        keep_before, keep_after = count, 0
    else:
        keep_before = 0 if first else context  # after the previous change
        keep_after = 0 if last else context  # before the next change
        if keep_before + keep_after >= count:
            keep_before, keep_after = count, 0
    offset = j1 - i1
    diff.rows.extend(Row(EQUAL, i + 1, i + 1 + offset, a[i]) for i in range(i1, i1 + keep_before))
    folded = count - keep_before - keep_after
    if folded:
        diff.rows.append(Row(SKIP, old=i1 + keep_before + 1, new=j1 + keep_before + 1, skipped=folded))
    diff.rows.extend(Row(EQUAL, i + 1, i + 1 + offset, a[i]) for i in range(i2 - keep_after, i2))
