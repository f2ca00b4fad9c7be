"""CSV exports that open cleanly in Excel and cannot run formulas.

UTF-8 with a byte-order mark, so Excel shows Chinese names and umlauts correctly. Text cells starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return are prefixed with an apostrophe (OWASP's advice
against CSV injection: participants choose their own names, and trainers write option texts). Numbers
are written as numbers, so a negative correlation stays a number.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime

BOM = "\ufeff"
#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | date | datetime | None


def safe_cell(value: Cell) -> str | int | float:
    """A value as it goes into the CSV: text defused, numbers kept, dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return "" if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as UTF-8 CSV bytes with a byte-order mark and CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
