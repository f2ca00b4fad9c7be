"""A line diff of two course files (difflib), cut into rows a page can show: changes with a little context,
the unchanged stretches between them folded into one row.

Pure Python, no Flask: the rows carry plain text; the template escapes it (the files are Markdown source,
never rendered). Files beyond the limits are not compared at all, and very long diffs are cut, so one huge
file cannot keep a request busy or produce a page no browser can show.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

#: Lines per side above which two files are not compared (the editor stores at most 500 KB per file).
MAX_LINES = 20_000
#: Rows shown at most; the rest of a longer diff is left out with a note.
MAX_ROWS = 4_000
#: Unchanged lines shown around each change, unless the whole file is asked for.
CONTEXT = 3
#: Changed lines longer than this are not compared word by word.
MAX_WORDS_LINE = 2_000
#: Line pairs tried at most in one block of replaced lines to find which is a version of which.
MAX_PAIR_TRIES = 100
#: How alike (difflib's ratio over words) two lines must be to be shown as versions of each other.
SIMILAR = 0.5
#: Characters compared word by word in one diff at most (the comparison is quadratic in the worst case).
WORDS_BUDGET = 50_000
#: Words for the comparison within a line, each with the spaces before it: each CJK character alone
#: (Chinese has no spaces), else words and single punctuation marks.
_WORDS = re.compile(r"\s*(?:[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|\w+|[^\w\s])|\s+")

EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"


@dataclass(frozen=True)
class Row:
    kind: str  #: equal, insert, delete, or skip (a folded stretch of ``skipped`` unchanged lines)
    old: int | None = None  #: line number in the older text
    new: int | None = None  #: line number in the newer text
    text: str = ""
    skipped: int = 0
    #: For a changed line paired with its counterpart: (changed, piece) parts of ``text``; else empty.
    parts: tuple[tuple[bool, str], ...] = ()


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
    budget = WORDS_BUDGET
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            _equal(diff, a, i1, i2, j1, context, first=index == 0, last=index == len(opcodes) - 1)
            continue
        diff.removed += i2 - i1
        diff.added += j2 - j1
        old_parts: dict[int, tuple[tuple[bool, str], ...]] = {}
        new_parts: dict[int, tuple[tuple[bool, str], ...]] = {}
        if tag == "replace":
            for i, j in _pairs(a[i1:i2], b[j1:j2]):
                size = len(a[i1 + i]) + len(b[j1 + j])
                if size > budget:
                    break
                budget -= size
                old_parts[i1 + i], new_parts[j1 + j] = _words(a[i1 + i], b[j1 + j])
        diff.rows.extend(Row(DELETE, old=i + 1, text=a[i], parts=old_parts.get(i, ())) for i in range(i1, i2))
        diff.rows.extend(Row(INSERT, new=j + 1, text=b[j], parts=new_parts.get(j, ())) for j in range(j1, j2))
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


def _pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Which replaced lines are versions of each other: each old line with the most similar new line after
    the previous pair, at least SIMILAR alike (in large blocks of equal counts: line by line, if alike)."""
    if len(old) * len(new) <= MAX_PAIR_TRIES:
        pairs, start = [], 0
        for i, line in enumerate(old):
            best, found = SIMILAR, None
            for j in range(start, len(new)):
                ratio = _similarity(line, new[j], best)
                if ratio > best:
                    best, found = ratio, j
            if found is not None:
                pairs.append((i, found))
                start = found + 1
    elif len(old) == len(new):
        pairs, budget = [], WORDS_BUDGET
        for i in range(len(old)):
            budget -= len(old[i]) + len(new[i])
            if budget < 0:
                break
            if _similarity(old[i], new[i], SIMILAR) > SIMILAR:
                pairs.append((i, i))
    else:
        return []
    return pairs


def _similarity(old: str, new: str, floor: float) -> float:
    """How alike two lines are by their words (0 to 1); 0 as soon as it is clear they are not above ``floor``."""
    if len(old) > MAX_WORDS_LINE or len(new) > MAX_WORDS_LINE:
        return 0.0
    matcher = difflib.SequenceMatcher(None, _WORDS.findall(old), _WORDS.findall(new))
    if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
        return 0.0
    return matcher.ratio()


def _words(old: str, new: str) -> tuple[tuple[tuple[bool, str], ...], tuple[tuple[bool, str], ...]]:
    """The two versions of a changed line cut into unchanged and changed pieces."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    before: list[tuple[bool, str]] = []
    after: list[tuple[bool, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        _append(before, tag != "equal", "".join(a[i1:i2]))
        _append(after, tag != "equal", "".join(b[j1:j2]))
    return tuple(before), tuple(after)


def _append(parts: list[tuple[bool, str]], changed: bool, piece: str) -> None:
    if not piece:
        return
    if parts and parts[-1][0] == changed:
        parts[-1] = (changed, parts[-1][1] + piece)
    else:
        parts.append((changed, piece))
