"""The certificate PDF: one A4 landscape page a company would hang on a wall, in German, English, Chinese
or two of them at once.

``render_certificate(data, locale)`` is the whole interface; ``data.py`` holds what is printed,
``page.py`` where each part goes, ``drawing.py`` the pen (fitted text, ornaments, the QR code).
Labels and formats are in labels.py. Everything is drawn with embedded TrueType subsets (see fonts.py)
and vector shapes, which keeps a Chinese certificate near 50 KB. ReportLab's font subsetting is not
thread-safe, so rendering is serialised per process. ReportLab is loaded by the first rendering, not
by the modules that import this package for ``CertificateData``.
"""

import logging
import threading
from pathlib import Path

from app.certificates.labels import languages
from app.fonts import FontSet, load_fonts, shape, unprintable

from .data import CertificateData, Rendered

logger = logging.getLogger(__name__)

_RENDER_LOCK = threading.Lock()

__all__ = ["CertificateData", "Rendered", "render_certificate", "render_certificate_report"]


def render_certificate(data: CertificateData, locale: str, fonts: FontSet | None = None) -> bytes:
    """Render a certificate as PDF bytes; characters no font has are logged, never drawn as boxes."""
    rendered = render_certificate_report(data, locale, fonts)
    for warning in rendered.warnings:
        logger.warning("Certificate %s: %s", data.cert_id, warning)
    return rendered.pdf


def render_certificate_report(data: CertificateData, locale: str, fonts: FontSet | None = None) -> Rendered:
    """Render a certificate and report the warnings and the name's font size (for callers and tests).

    :raises UnprintableText: when a name has a character that cannot be drawn exactly (no glyph, a
        right-to-left or combining character): a certificate never shows a name other than the holder's.
    """
    langs = languages(locale)
    for path in (data.logo_path, data.signature_image_path):
        if path is not None and not Path(path).is_file():
            raise FileNotFoundError(f"Certificate image {path} does not exist.")
    fonts = fonts or load_fonts()
    if not shape(data.name, fonts.faces(bold=True)).text.strip():
        raise ValueError("A certificate needs the participant's name in printable characters.")
    for name in (data.name, data.name_zh or ""):
        problem = unprintable(name, fonts.faces(bold=True))
        if problem is not None:
            raise problem
    from .page import CertificatePage

    with _RENDER_LOCK:
        return CertificatePage(data, langs, fonts).render()
