"""Handouts on disk: one PDF per published module revision and language, made on first request.

Revisions never change, so a handout made for one is valid for ever; a new revision (or a new layout,
LAYOUT_VERSION) has a new file name. Files are written atomically, so two requests at once are harmless.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Bumped when the handout's layout changes (app/courses/handout.py), so that old files are not served.
LAYOUT_VERSION = 1


def handout_path(folder: Path, revision_id: int, content_hash: str, text_lang: str, ui_lang: str) -> Path:
    """Where the handout of one revision lives (the labels follow the reader's interface language).

    The content hash is part of the name, so that a database rebuilt from scratch, which numbers its
    revisions from 1 again, never gets an old file for a new text.
    """
    return folder / f"r{revision_id}-{content_hash[:16]}-{text_lang}-{ui_lang}-v{LAYOUT_VERSION}.pdf"


def cached_handout(path: Path, make: Callable[[], bytes]) -> bytes:
    """The PDF at ``path``, made by ``make`` and stored there first if it is not there yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
    return data
