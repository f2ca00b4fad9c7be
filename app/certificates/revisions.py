"""How many revisions a PDF may have before its signature is analysed: a bound on the work an upload causes.

Our certificates have three revisions (page, signature with its validation data, document time stamp), two
more per renewed archive time stamp. pyHanko's difference analysis takes time quadratic in the revisions
(24 s of CPU for 2,000 tiny incremental updates, hours for what fits in a 5 MB upload), and even reading 5 MB
of them takes seconds; both are refused before pyHanko does either.
"""

from __future__ import annotations

from pyhanko.pdf_utils.reader import PdfFileReader

#: Most revisions a certificate file may have (room for 14 renewed archive time stamps).
MAX_REVISIONS = 32
#: Each revision needs an ``xref`` (table) or ``stream`` (cross-reference stream) keyword, which no escape
#: can hide; a file with more of them than this is refused unread (a B-LTA certificate has about 30).
MAX_SECTION_KEYWORDS = 64 * MAX_REVISIONS


def too_many_to_read(data: bytes) -> bool:
    """Whether the file may hold far more revisions than a certificate (a cheap count, before parsing)."""
    return data.count(b"xref") + data.count(b"stream") > MAX_SECTION_KEYWORDS


def too_many_to_analyse(reader: PdfFileReader) -> bool:
    """Whether the parsed file has more revisions than a certificate may have."""
    return reader.xrefs.total_revisions > MAX_REVISIONS
