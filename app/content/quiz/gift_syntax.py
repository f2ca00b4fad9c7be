"""Moodle GIFT details shared by the importer and the exporter: escapes, weights, the grade list.

Escapes follow Moodle's own `qformat_gift`: `\\\\` is a backslash, and `\\~ \\= \\# \\{ \\} \\:` and
`\\n` (a line break) are read before any structure, so an escaped character never splits an answer.
Moodle has no escape for `->`, which turns a short answer into a matching question; our export writes
`-\\>` there, and our import reads it back as `->` (Moodle keeps the backslash).
"""

import re

#: Moodle refuses answer weights that are not on its grade list (33% must be written 33.33333%).
GRADE_LIST = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
    11.11111, 10, 5, 0,
)  # fmt: skip
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005"}
_NEWLINE = "\ue006"
_BACKSLASH = "\ue007"
_ARROW_HEAD = "\ue008"  # the `>` of an escaped arrow `-\>`
_WEIGHT = re.compile(r"%-*[0-9]{1,2}\.?[0-9]*%")
_UNESCAPE = {ord(code): char for char, code in _ESCAPES.items()} | {
    ord(_NEWLINE): "\n",
    ord(_BACKSLASH): "\\",
    ord(_ARROW_HEAD): ">",
}


def protect_escapes(text: str) -> str:
    """Replace escaped characters by placeholders (one character each, so line breaks stay countable)."""
    text = text.replace("\\\\", _BACKSLASH).replace("-\\>", f"-{_ARROW_HEAD}")
    for char, code in _ESCAPES.items():
        text = text.replace(f"\\{char}", code)
    return text.replace("\\n", _NEWLINE)


def restore_escapes(text: str) -> str:
    """The literal text of a protected piece."""
    return text.translate(_UNESCAPE)


def escape(text: str) -> str:
    """Text as GIFT writes it: special characters and backslashes escaped, line breaks as `\\n`."""
    text = text.replace("\\", "\\\\")
    for char in _ESCAPES:
        text = text.replace(char, f"\\{char}")
    return text.replace("\r", "").replace("\n", "\\n")


def escape_arrows(text: str) -> str:
    """`escape`, and `->` written `-\\>`: for answers of short-answer questions and left sides of pairs,
    where an arrow would make Moodle (and us) read the answers as a matching question."""
    return escape(text).replace("->", "-\\>")


def moodle_weight(fraction: float) -> str | None:
    """`fraction` (-1..1) as a Moodle percentage string ("33.33333"), or None when not on the grade list."""
    percent = abs(fraction) * 100
    for grade in GRADE_LIST:
        if abs(percent - grade) < 0.001:
            text = f"{grade:.5f}".rstrip("0").rstrip(".")
            return f"-{text}" if fraction < 0 else text
    return None


def read_weight(piece: str) -> tuple[float, str] | None:
    """A leading `%50%` (or `%-33.33333%`) weight as a fraction and the rest of the piece, else None.

    The pattern is Moodle's own, so exactly the weights Moodle reads are read.
    """
    match = _WEIGHT.match(piece)
    if match is None:
        return None
    written = match[0][1:-1]
    number = float(written.lstrip("-")) / 100
    return (-number if written.startswith("-") else number), piece[match.end() :]
