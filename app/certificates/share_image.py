"""A PNG of a certificate's page, for sharing where a PDF or LinkedIn does not fit (WeChat Moments, chats).

Rendered from the signed PDF with poppler's ``pdftoppm`` (the same pixels as the PDF, fonts embedded),
once per certificate and process: kept in a small in-memory cache keyed by the PDF's SHA-256, so nothing
with a holder's name is written to disk and an erased holder's image disappears with the process.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

#: Pixels per inch: an A4 landscape page becomes 1,560 × 1,103 pixels (sharp on phones, ~200 KB).
RESOLUTION = 132
#: Images kept per process.
CACHE_SIZE = 32
TIMEOUT_SECONDS = 20

_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


class ShareImageUnavailable(RuntimeError):
    """pdftoppm is missing (Debian: poppler-utils) or could not render the page."""


def render_png(pdf: bytes) -> bytes:
    """The first page of ``pdf`` as PNG.

    :raises ShareImageUnavailable: without pdftoppm, or when it fails.
    """
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ShareImageUnavailable("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="share-") as folder:
        target = Path(folder) / "page"
        try:
            subprocess.run(  # noqa: S603 - a fixed tool and arguments, the PDF on standard input
                [tool, "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile", "-", str(target)],
                input=pdf,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=True,
            )
            return target.with_suffix(".png").read_bytes()
        except (subprocess.SubprocessError, OSError) as error:
            raise ShareImageUnavailable(f"pdftoppm could not render the certificate: {error}") from error


def share_png(pdf: bytes, sha256: str) -> bytes:
    """The certificate's share image, rendered on first use and then served from the cache."""
    with _lock:
        if sha256 in _cache:
            _cache.move_to_end(sha256)
            return _cache[sha256]
    png = render_png(pdf)
    with _lock:
        _cache[sha256] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return png
