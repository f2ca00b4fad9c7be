"""Reading single answer lines of a quiz file: options, accepted answers, table rows, ordering items.

Each function looks at one line with plain string operations (no backtracking regular expressions), so
reading stays linear however long a line is. Malformed lines raise `LineError` with a message for the
author; the parser turns it into a `Problem` on that line.
"""

from dataclasses import dataclass

from app.content.messages import N_
from app.content.quiz.model import MatchPair, NumericAnswer
from app.content.quiz.syntax import MAX_ID_LENGTH, is_id, read_file_number

PIN = "{pin}"


class LineError(ValueError):
    """A line that cannot be read; the message is meant for the author."""


@dataclass
class Head:
    """The first line of an option or ordering item: `a) text {pin}`."""

    id: str
    text: str
    pinned: bool = False


#: Spaces, also the ideographic one that Chinese input methods type.
_SPACES = " \t\u3000"
#: Full-width forms of the mark characters, as Chinese input methods type them: `［x］` is `[x]`.
_FULL_WIDTH_MARK = str.maketrans({"［": "[", "］": "]", "ｘ": "x", "Ｘ": "X", "\u3000": " "})
#: Marks in round brackets, a frequent slip (`- (x) a) text`), reported instead of read as question text.
_ROUND_MARKS = ("(x)", "(X)", "( )", "()", "（x）", "（X）", "（ｘ）", "（ ）", "（　）", "（）")


def option_mark(line: str) -> tuple[str, str] | None:
    """For a line shaped like `- [x] rest`, the mark (" ", "x", or a wrong one) and the rest; else None.

    The full-width brackets, `x` and space of Chinese input methods are read as their ASCII forms.
    """
    if len(line) < 5 or line[0] not in "-*+" or line[1] not in _SPACES:
        return None
    body = line[1:].lstrip(_SPACES)
    body = body[:3].translate(_FULL_WIDTH_MARK) + body[3:]
    if body.startswith("[]"):
        return "", body[2:]
    if len(body) < 3 or body[0] != "[" or body[2] != "]" or (len(body) > 3 and body[3] not in _SPACES):
        return None
    return body[1], body[3:]


def misplaced_option(line: str) -> str | None:
    """Why a line that is meant as an option is not read as one (indented, or marked `(x)`), else None.

    Such lines would otherwise silently become question text or part of the option before them. Only
    lines that go on like an option (an id and `)`) count, so a list in the question text is left alone.
    """
    stripped = line.lstrip(_SPACES)
    indent = line[: len(line) - len(stripped)]
    if indent and (mark := option_mark(stripped)) is not None and _has_id(mark[1]):
        if "\t" in indent:
            return N_(
                "this option is indented (by a tab): options start at the beginning of the line, like '- [x] a) text'"
            )
        return N_(
            "this option is indented (by spaces): options start at the beginning of the line, like '- [x] a) text'"
        )
    if len(stripped) > 2 and stripped[0] in "-*+" and stripped[1] in _SPACES:
        body = stripped[1:].lstrip(_SPACES)
        mark = next((m for m in _ROUND_MARKS if body.startswith(m)), None)
        if mark is not None and _has_id(body[len(mark) :]):
            shown = "( )" if mark[1:-1].strip(_SPACES) == "" else "(x)"
            return N_("mark options with [x] (correct) or [ ] (wrong), not %(mark)s", mark=shown)
    return None


def _has_id(rest: str) -> bool:
    """Whether `rest` starts like `a) text`: a label without spaces (a valid id or not), then `)`."""
    close = _close(rest)
    label = rest[:close].strip(_SPACES) if close != -1 else ""
    return bool(label) and not any(space in label for space in _SPACES)


def _close(rest: str) -> int:
    """The position of the `)` (or full-width `）`) that ends an id, or -1."""
    found = [
        i for i in (rest.find(")", 0, MAX_ID_LENGTH + 2), rest.find("）", 0, MAX_ID_LENGTH + 2)) if i != -1
    ]
    return min(found, default=-1)


def ordering_item(line: str) -> str | None:
    """For a numbered list line like `1. a) text`, the text after the number; else None."""
    digits = len(line) - len(line.lstrip("0123456789"))
    if not 0 < digits <= 9 or len(line) <= digits + 1 or line[digits] not in ".)":
        return None
    rest = line[digits + 1 :]
    if rest and rest[0] not in " \t":
        return None
    return rest.strip()


def is_table_row(line: str) -> bool:
    """Whether the line is a row of a Markdown table (written with a leading pipe)."""
    return line.lstrip(" ").startswith("|") and len(line) - len(line.lstrip(" ")) <= 3


def read_head(rest: str, what: str) -> Head:
    """Read `id) text` (also `id）`, as Chinese input methods type it) with an optional trailing `{pin}`."""
    close = _close(rest)
    label, text = rest[:close].strip(), rest[close + 1 :].strip()
    if close == -1 or not label or " " in label:
        if what == "item":
            raise LineError(N_("item has no id: write it like '%(example)s'", example=_example(what)))
        raise LineError(N_("option has no id: write it like '%(example)s'", example=_example(what)))
    if not is_id(label):
        if what == "item":
            message = N_(
                "bad item id '%(id)s': use lower-case letters, digits and hyphens (a, b, c or a slug)",
                id=label,
            )
        else:
            message = N_(
                "bad option id '%(id)s': use lower-case letters, digits and hyphens (a, b, c or a slug)",
                id=label,
            )
        raise LineError(message)
    pinned = text.endswith(PIN)
    if pinned:
        text = text[: -len(PIN)].rstrip()
    if text.endswith("}") and "{score=" in text:
        if what == "item":
            raise LineError(N_("items take no score; set scoring= in the question heading instead"))
        raise LineError(N_("options take no score; set scoring= in the question heading instead"))
    return Head(label, text, pinned)


def split_score(rest: str) -> tuple[str, float]:
    """Split `answer {score=0.5}` into the answer and its score (1 when none is given)."""
    if not rest.endswith("}"):
        return rest, 1.0
    start = rest.rfind("{")
    attribute = rest[start + 1 : -1].strip()
    if start == -1 or not attribute.startswith("score="):
        if attribute == "pin":
            raise LineError(N_("accepted answers cannot be pinned; {pin} is for options"))
        return rest, 1.0
    written = attribute[len("score=") :]
    score = read_file_number(written)
    if score is None:
        raise LineError(N_("cannot read the score '%(score)s': write a number like 0.5", score=written))
    return rest[:start].rstrip(), score


def read_numeric(rest: str) -> NumericAnswer:
    """Read `10`, `25 +- 1`, `25 ± 4%` or `[20, 30]`, each optionally followed by `{score=…}`."""
    written, score = split_score(rest)
    if written.startswith("["):
        if not written.endswith("]") or written.count(",") != 1:
            raise LineError(N_("a range is written '[low, high]', not '%(text)s'", text=_short(written)))
        low_text, high_text = written[1:-1].split(",")
        return NumericAnswer("range", low=_number(low_text), high=_number(high_text), score=score)
    for sign in ("+-", "±"):
        value_text, found, tol_text = written.partition(sign)
        if found:
            tol_text = tol_text.strip()
            if tol_text.endswith("%"):
                return NumericAnswer(
                    "rel", value=_number(value_text), tol=_number(tol_text[:-1]), score=score
                )
            return NumericAnswer("abs", value=_number(value_text), tol=_number(tol_text), score=score)
    return NumericAnswer("exact", value=_number(written), score=score)


def split_row(line: str) -> list[str]:
    """The cells of a table row; `\\|` is a pipe inside a cell."""
    text = line.strip()
    cells: list[str] = []
    current: list[str] = []
    index = 1 if text.startswith("|") else 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text.startswith("|", index + 1):
            current.append("|")
            index += 2
            continue
        if char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    if current or not text.endswith("|") or text.endswith("\\|"):
        cells.append("".join(current).strip())
    return cells


def read_pair(cells: list[str], line: int) -> MatchPair:
    """A matching row `| id | left | right |` from its cells."""
    if len(cells) != 3:
        message = N_(
            "a matching row has three cells (id | left | right), this one has %(count)s", count=len(cells)
        )
        raise LineError(message)
    pair_id, left, right = cells
    if not pair_id or " " in pair_id:
        raise LineError(N_("a matching row needs an id in its first cell, like '| a | left | right |'"))
    if not is_id(pair_id):
        raise LineError(N_("bad pair id '%(id)s': use lower-case letters, digits and hyphens", id=pair_id))
    return MatchPair(pair_id, left, right, line=line)


def is_separator(cells: list[str]) -> bool:
    """Whether the cells form the `|---|:--:|` line under a table header."""
    return bool(cells) and all(cell.strip(":") and set(cell.strip(":")) == {"-"} for cell in cells)


def _number(text: str) -> float:
    value = read_file_number(text)
    if value is None:
        if "," in text:
            raise LineError(
                N_(
                    "cannot read the number '%(text)s' (the file uses a decimal point: 2.5)",
                    text=_short(text.strip()),
                )
            )
        raise LineError(N_("cannot read the number '%(text)s'", text=_short(text.strip())))
    return value


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def _example(what: str) -> str:
    return "1. a) text" if what == "item" else "- [ ] a) text"
