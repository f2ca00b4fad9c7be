"""The managers' downloads: the progress report as CSV or XLSX, and certificates as one streamed ZIP.

The ZIP is written by the standard ``zipfile`` into a write-only sink that hands each chunk to the response
as soon as it is written: one PDF at a time is in memory, never the whole archive. Spreadsheet cells go
through the CSV module's formula defence (a name starting with ``=`` stays text in Excel).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime

from app.web.csv import Cell, safe_cell, to_csv

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    return to_csv(header, rows)


def report_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], title: str = "Report") -> bytes:
    """An XLSX workbook with one sheet; text cells defused like the CSV (no formulas)."""
    from openpyxl import Workbook  # loaded when first used: it costs every `flask` command 0.1–0.3 s

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Cell) -> object:
    cell = safe_cell(value)
    if isinstance(cell, str):
        # openpyxl refuses control characters in cells; they have no business in a report anyway.
        cell = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell)
    return cell


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\\/*?:\[\]]", " ", title).strip()[:31]
    return cleaned or "Report"


def ascii_part(text: str, fallback: str) -> str:
    """``text`` as a safe ASCII file-name part: umlauts lose their dots, other scripts fall back."""
    text = text.replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:60].strip("-")
    return plain or fallback


class UniqueNames:
    """Hands out file names, adding -2, -3… when a name is taken (case-insensitively)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, stem: str, suffix: str) -> str:
        name, n = f"{stem}{suffix}", 1
        while name.lower() in self.taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        self.taken.add(name.lower())
        return name


class _Sink(io.RawIOBase):
    """A write-only, unseekable file: ``zipfile`` then writes data descriptors, and we drain the chunks."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(entries: Iterable[tuple[str, datetime, Callable[[], bytes]]]) -> Iterator[bytes]:
    """The ZIP of ``entries`` (name, modified, loader) as chunks; each loader is called when its turn comes."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, modified, load in entries:
            info = zipfile.ZipInfo(name, date_time=_zip_time(modified))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as target:
                target.write(load())
            chunk = sink.drain()
            if chunk:
                yield chunk
    yield sink.drain()


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
