"""Finding the operator's legal texts: ``<LEGAL_DIR>/<page>.<lang>.md``, Markdown, rendered sanitised.

Pure functions over a folder; no request. A page missing in the reader's language falls back to German,
then English, then Chinese; when the operator has written none, the page says so (see the template).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.content.markdown import render_markdown

#: The pages every operator must provide (a German operator needs an Impressum and a privacy policy).
PAGES = ("imprint", "privacy-policy", "contact")
#: The order in which another language's text stands in for a missing one.
FALLBACK = ("de", "en", "zh")
#: Larger files are refused: a legal text is a few pages, not a data dump.
MAX_BYTES = 200_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LegalText:
    """An operator's text: its HTML, the language it is written in, and the file it came from."""

    html: str
    lang: str
    path: Path


def find(folder: Path, page: str, lang: str) -> LegalText | None:
    """The text of ``page`` in ``lang``, else in the first fallback language that has one, else None.

    :raises ValueError: for a page that is not one of PAGES (the route only asks for those).
    """
    if page not in PAGES:
        raise ValueError(page)
    for code in (lang, *[c for c in FALLBACK if c != lang]):
        path = folder / f"{page}.{code}.md"
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            log.warning("%s is larger than %d bytes and is not shown", path, MAX_BYTES)
        elif path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                return LegalText(render_markdown(text), code, path)
    return None
