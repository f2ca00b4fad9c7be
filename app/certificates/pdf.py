"""The certificate PDF: one A4 landscape page a company would hang on a wall, in German, English, Chinese
or two of them at once.

Labels and formats are in labels.py. Everything is drawn with
embedded TrueType subsets (see fonts.py) and vector shapes, which keeps a Chinese certificate near
50 KB. ReportLab's font subsetting is not thread-safe, so rendering is serialised per process.
"""

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

import segno
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .fonts import Fitted, FontSet, Run, UnprintableText, fit, load_fonts, shape, unprintable, width
from .labels import LABELS, PDF_LANG, course_title_for, format_day, format_duration, format_score, languages

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
LEFT, RIGHT = 64.0, PAGE_WIDTH - 64.0
CONTENT_WIDTH = RIGHT - LEFT
CENTRE = PAGE_WIDTH / 2
NAVY = Color(0.106, 0.208, 0.349)
RED = Color(0.706, 0.129, 0.149)
GOLD = Color(0.722, 0.596, 0.337)
INK = Color(0.15, 0.16, 0.18)
GREY = Color(0.40, 0.42, 0.46)

SEPARATOR = "  ·  "
LEADING = 1.18
#: The footer: QR code at the bottom right, the ID and the verification URL right-aligned beside it, and
#: the signing lines (issuer, trainers) from the left; GUTTER keeps the trainers clear of the URL.
QR_SIZE = 76.0
QR_X = RIGHT - QR_SIZE
FOOTER_TEXT_RIGHT = QR_X - 10
FOOTER_TEXT_WIDTH = 190.0
GUTTER = 24.0
ISSUER_WIDTH = 200.0
TRAINERS_X = LEFT + ISSUER_WIDTH + 20
TRAINERS_WIDTH = FOOTER_TEXT_RIGHT - FOOTER_TEXT_WIDTH - GUTTER - TRAINERS_X
#: How small a very long name may get on two lines; it is never cut (a name has at most 120 characters).
NAME_MIN_SIZE = 6.0

_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a certificate; no database row, so the renderer stays a pure function."""

    cert_id: str
    verify_url: str
    name: str
    course_title: Mapping[str, str]
    completed_on: date
    issuer: str
    name_zh: str | None = None
    score_percent: float | None = None
    duration_minutes: int | None = None
    trainers: tuple[str, ...] = ()
    content_as_of: date | None = None
    valid_until: date | None = None
    logo_path: Path | None = None
    signature_image_path: Path | None = None


@dataclass(frozen=True)
class Rendered:
    """A rendered certificate plus what the caller may want to show or test: warnings and the name's size."""

    pdf: bytes
    warnings: tuple[str, ...]
    name_size: float
    name_lines: int


@dataclass(frozen=True)
class _Block:
    """One centred line (or the ornamental rule) of the page's middle part; sizes in points at scale 1."""

    kind: str
    text: str = ""
    size: float = 0.0
    min_size: float = 0.0
    bold: bool = False
    colour: Color = INK
    lines: int = 1
    gap: float = 0.0


def _block_height(block: _Block, fitted: Fitted | None, scale: float) -> float:
    """Vertical room a block takes: gap, first line, any wrapped line and room for descenders."""
    if fitted is None:
        return block.gap * scale
    extra_lines = (len(fitted.lines) - 1) * fitted.size * LEADING
    return (block.gap + block.size * 1.25) * scale + extra_lines


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
    with _RENDER_LOCK:
        return _Page(data, langs, fonts).render()


class _Page:
    """One certificate page being drawn; collects warnings from every piece of fitted text."""

    def __init__(self, data: CertificateData, langs: tuple[str, ...], fonts: FontSet) -> None:
        self.data, self.langs, self.fonts = data, langs, fonts
        self.labels = [LABELS[lang] for lang in langs]
        self.warnings: list[str] = []
        self.buffer = BytesIO()
        primary = self.labels[0]
        course = course_title_for(data.course_title, langs[0])
        self.canvas = Canvas(
            self.buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            pageCompression=1,
            initialFontName=fonts.latin.name,
            lang=PDF_LANG[langs[0]],
        )
        self.canvas.setTitle(f"{primary['title']} – {data.name}")
        self.canvas.setAuthor(data.issuer)
        self.canvas.setSubject(course)
        self.canvas.setCreator("ChInValue Academy")
        self.canvas.setKeywords(data.cert_id)

    def label(self, key: str) -> str:
        return SEPARATOR.join(labels[key] for labels in self.labels)

    def render(self) -> Rendered:
        self.frame()
        self.header()
        name_size, name_lines = self.middle(top=PAGE_HEIGHT - 96, bottom=216)
        self.details(top=196)
        self.footer()
        self.canvas.showPage()
        self.canvas.save()
        return Rendered(self.buffer.getvalue(), tuple(dict.fromkeys(self.warnings)), name_size, name_lines)

    # -- text helpers -------------------------------------------------------------------------------

    def text(
        self,
        text: str,
        x: float,
        y: float,
        *,
        size: float,
        max_width: float,
        min_size: float | None = None,
        bold: bool = False,
        colour: Color = INK,
        align: str = "centre",
        max_lines: int = 1,
    ) -> tuple[float, int]:
        """Draw fitted text with its first baseline at y; returns (font size, line count)."""
        fitted = fit(
            text,
            self.fonts,
            max_width=max_width,
            size=size,
            min_size=min_size or size * 0.6,
            bold=bold,
            max_lines=max_lines,
        )
        self.draw_fitted(fitted, x, y, colour, align)
        return fitted.size, len(fitted.lines)

    def draw_fitted(self, fitted: Fitted, x: float, y: float, colour: Color, align: str) -> None:
        """Draw fitted lines with the first baseline at y, and keep their warnings."""
        self.warnings.extend(fitted.warnings)
        for index, line in enumerate(fitted.lines):
            self.draw_runs(line, x, y - index * fitted.size * LEADING, fitted.size, colour, align)

    def draw_runs(
        self, runs: tuple[Run, ...], x: float, y: float, size: float, colour: Color, align: str
    ) -> None:
        """Draw runs on one baseline; CJK "bold" is the regular outline stroked thinly in the same colour."""
        line_width = width(runs, size)
        start = {"centre": x - line_width / 2, "right": x - line_width}.get(align, x)
        canvas = self.canvas
        canvas.setFillColor(colour)
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(size * 0.035)
        text = canvas.beginText(start, y)
        for run in runs:
            text.setFont(run.font, size)
            text.setTextRenderMode(2 if run.fake_bold else 0)
            text.textOut(run.text)
        # The render mode outlives ET, while every new text object assumes 0: end each one at 0, or the
        # stroke of a fake-bold run smears every later line.
        text.setTextRenderMode(0)
        canvas.drawText(text)

    # -- parts of the page --------------------------------------------------------------------------

    def frame(self) -> None:
        """A navy outer rule, a fine gold inner rule and fretwork corners, as on a framed diploma."""
        canvas = self.canvas
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(2.4)
        canvas.rect(20, 20, PAGE_WIDTH - 40, PAGE_HEIGHT - 40)
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.7)
        canvas.rect(27, 27, PAGE_WIDTH - 54, PAGE_HEIGHT - 54)
        for x, y, dx, dy in (
            (27, 27, 1, 1),
            (PAGE_WIDTH - 27, 27, -1, 1),
            (27, PAGE_HEIGHT - 27, 1, -1),
            (PAGE_WIDTH - 27, PAGE_HEIGHT - 27, -1, -1),
        ):
            path = canvas.beginPath()
            for inset, length in ((5, 34), (10, 22)):
                path.moveTo(x + dx * inset, y + dy * (inset + length))
                path.lineTo(x + dx * inset, y + dy * inset)
                path.lineTo(x + dx * (inset + length), y + dy * inset)
            canvas.setStrokeColor(GOLD)
            canvas.setLineWidth(0.9)
            canvas.drawPath(path, stroke=1, fill=0)
            canvas.setFillColor(RED)
            canvas.rect(x + dx * 14 - 2.5, y + dy * 14 - 2.5, 5, 5, stroke=0, fill=1)

    def header(self) -> None:
        """Logo (or the default mark) at the top left, the issuer beside it."""
        top, height = PAGE_HEIGHT - 48, 40.0
        logo_width = self.logo(LEFT, top - height, height)
        self.text(
            self.data.issuer,
            LEFT + logo_width + 12,
            top - height / 2 - 4,
            size=12,
            bold=True,
            colour=NAVY,
            align="left",
            max_width=CONTENT_WIDTH / 2 - logo_width,
        )

    def logo(self, x: float, y: float, height: float) -> float:
        """Draw the configured PNG/JPEG/SVG logo, or a simple vector mark; returns the width used."""
        path = self.data.logo_path
        canvas = self.canvas
        if path is None:
            canvas.setFillColor(NAVY)
            canvas.roundRect(x, y, height, height, height * 0.18, stroke=0, fill=1)
            canvas.setFillColor(RED)
            canvas.circle(x + height * 0.66, y + height * 0.64, height * 0.17, stroke=0, fill=1)
            canvas.setStrokeColor(GOLD)
            canvas.setLineWidth(height * 0.05)
            for level in (0.28, 0.42):
                wave = canvas.beginPath()
                wave.moveTo(x + height * 0.14, y + height * level)
                wave.curveTo(
                    x + height * 0.38,
                    y + height * (level + 0.12),
                    x + height * 0.62,
                    y + height * (level - 0.12),
                    x + height * 0.86,
                    y + height * level,
                )
                canvas.drawPath(wave, stroke=1, fill=0)
            return height
        if Path(path).suffix.lower() == ".svg":
            from reportlab.graphics import renderPDF

            try:
                from svglib.svglib import svg2rlg
            except ImportError as error:  # an optional dependency: PNG logos work without it
                raise RuntimeError(
                    "SVG logos need the svglib package; use a PNG or install svglib."
                ) from error

            drawing = svg2rlg(str(path))
            if drawing is None or not drawing.height:
                raise ValueError(f"Cannot read the SVG logo {path}.")
            scale = min(height / drawing.height, 160 / max(drawing.width, 1))
            drawing.scale(scale, scale)
            renderPDF.draw(drawing, canvas, x, y + (height - drawing.height * scale) / 2)
            return drawing.width * scale
        image = ImageReader(str(path))
        image_width, image_height = image.getSize()
        scale = min(height / image_height, 160 / image_width)
        canvas.drawImage(image, x, y, image_width * scale, image_height * scale, mask="auto")
        return image_width * scale

    def middle(self, top: float, bottom: float) -> tuple[float, int]:
        """Title, name and course, centred between header and details; shrinks all of it if too tall."""
        blocks = self.middle_blocks()
        scale, room = 1.0, top - bottom
        for _ in range(6):
            fitted = [self.fit_block(block, scale) for block in blocks]
            height = sum(
                _block_height(block, fit_, scale) for block, fit_ in zip(blocks, fitted, strict=True)
            )
            if height <= room:
                break
            scale *= room / height * 0.98
        y = top - (room - height) / 2
        name_size, name_lines = 0.0, 0
        for block, fitted_block in zip(blocks, fitted, strict=True):
            y -= block.gap * scale
            if fitted_block is None:
                self.rule(y)
                continue
            y -= block.size * scale
            self.draw_fitted(fitted_block, CENTRE, y, block.colour, "centre")
            if block.kind == "name":
                name_size, name_lines = fitted_block.size, len(fitted_block.lines)
            y -= (len(fitted_block.lines) - 1) * fitted_block.size * LEADING + block.size * scale * 0.25
        return name_size, name_lines

    def middle_blocks(self) -> list[_Block]:
        """The centred lines from title to course, with their sizes and the gaps above them."""
        data, langs = self.data, self.langs
        bilingual = len(langs) > 1
        names = [data.name, data.name_zh] if data.name_zh else [data.name]
        if langs == ("zh",):
            names.reverse()  # a Chinese certificate leads with the Chinese name
        courses = [course_title_for(data.course_title, langs[0])]
        if bilingual and data.course_title.get(langs[1]) and data.course_title[langs[1]] != courses[0]:
            courses.append(data.course_title[langs[1]])
        blocks = [_Block("title", self.labels[0]["title"], 32, 18, True, NAVY)]
        if bilingual:
            blocks.append(_Block("title", self.labels[1]["title"], 20, 12, True, NAVY, gap=8))
        blocks.append(_Block("rule", gap=14))
        blocks.append(_Block("intro", self.label("intro"), 11.5, 8, False, GREY, gap=14))
        blocks.append(_Block("name", names[0], 30, 16, True, INK, lines=2, gap=14))
        if len(names) > 1:
            blocks.append(_Block("name2", names[1], 20, 11, True, INK, lines=2, gap=8))
        blocks.append(_Block("connector", self.label("completed"), 11.5, 8, False, GREY, gap=12))
        blocks.append(_Block("course", courses[0], 18, 11, True, NAVY, lines=2, gap=12))
        if len(courses) > 1:
            blocks.append(_Block("course2", courses[1], 14, 9, True, NAVY, lines=2, gap=6))
        return blocks

    def fit_block(self, block: _Block, scale: float) -> Fitted | None:
        """The block's text fitted to the content width at `scale` (None for the ornamental rule).

        A name is never cut: when two lines at its minimum size are not enough, it gets smaller still.
        """
        if block.kind == "rule":
            return None
        name = block.kind in ("name", "name2")
        fitted = fit(
            block.text,
            self.fonts,
            max_width=CONTENT_WIDTH - 40,
            size=block.size * scale,
            min_size=block.min_size * scale,
            bold=block.bold,
            max_lines=block.lines,
            wrapped_min_size=NAME_MIN_SIZE if name else None,
        )
        if fitted.cut and name:
            raise UnprintableText(block.text[-1], "ends a name too long to print in full")
        return fitted

    def rule(self, y: float) -> None:
        """A short gold rule with a red lozenge, between title and body."""
        canvas = self.canvas
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.8)
        canvas.line(CENTRE - 90, y, CENTRE - 9, y)
        canvas.line(CENTRE + 9, y, CENTRE + 90, y)
        canvas.setFillColor(RED)
        path = canvas.beginPath()
        path.moveTo(CENTRE, y + 4)
        path.lineTo(CENTRE + 5, y)
        path.lineTo(CENTRE, y - 4)
        path.lineTo(CENTRE - 5, y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    def details(self, top: float) -> None:
        """Completion date, score, duration, content date and validity as labelled columns."""
        data, langs = self.data, self.langs
        columns: list[tuple[str, list[str]]] = [
            ("completed_on", [format_day(data.completed_on, lang) for lang in langs])
        ]
        if data.score_percent is not None:
            columns.append(("score", [format_score(data.score_percent, langs[0])]))
        if data.duration_minutes is not None:
            columns.append(("duration", [format_duration(data.duration_minutes, lang) for lang in langs]))
        if data.content_as_of is not None:
            columns.append(("content_as_of", [format_day(data.content_as_of, lang) for lang in langs]))
        if data.valid_until is not None:
            columns.append(("valid_until", [format_day(data.valid_until, lang) for lang in langs]))
        column_width = CONTENT_WIDTH / len(columns)
        canvas = self.canvas
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.4)
        canvas.line(LEFT + 40, top + 8, RIGHT - 40, top + 8)
        for index, (key, values) in enumerate(columns):
            x = LEFT + column_width * (index + 0.5)
            y = top - 8
            for labels in self.labels:
                self.text(labels[key], x, y, size=8, colour=GREY, max_width=column_width - 12)
                y -= 10
            y -= 4
            for position, value in enumerate(dict.fromkeys(values)):
                size = 11.0 if position == 0 else 9.0
                self.text(
                    value, x, y, size=size, bold=position == 0, colour=NAVY, max_width=column_width - 12
                )
                y -= size + 3

    def footer(self) -> None:
        """Issuer (with signature image), trainers, and the QR code with URL and certificate id."""
        data = self.data
        base = 86.0
        self.signature_block(
            LEFT, ISSUER_WIDTH, base, self.label("issuer"), data.issuer, data.signature_image_path
        )
        if data.trainers:
            self.signature_block(
                TRAINERS_X, TRAINERS_WIDTH, base, self.label("trainers"), ", ".join(data.trainers), None
            )
        self.qr(data.verify_url, QR_X, 50.0, QR_SIZE)
        right, text_width = FOOTER_TEXT_RIGHT, FOOTER_TEXT_WIDTH
        self.text(self.label("cert_id"), right, 110, size=8, colour=GREY, align="right", max_width=text_width)
        self.text(
            data.cert_id, right, 96, size=11, bold=True, colour=NAVY, align="right", max_width=text_width
        )
        self.text(self.label("verify"), right, 74, size=7.5, colour=GREY, align="right", max_width=text_width)
        self.text(
            data.verify_url,
            right,
            63,
            size=7,
            min_size=5,
            colour=NAVY,
            align="right",
            max_width=text_width,
            max_lines=2,
        )

    def signature_block(
        self, x: float, block_width: float, base: float, label: str, name: str, image: Path | None
    ) -> None:
        """A signing line: optional signature image above it, the name and its label below."""
        canvas = self.canvas
        if image is not None:
            reader = ImageReader(str(image))
            image_width, image_height = reader.getSize()
            scale = min(38 / image_height, (block_width - 20) / image_width)
            canvas.drawImage(reader, x + 4, base + 3, image_width * scale, image_height * scale, mask="auto")
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.6)
        canvas.line(x, base, x + block_width, base)
        self.text(
            name,
            x,
            base - 14,
            size=10,
            min_size=6.5,
            bold=True,
            colour=INK,
            align="left",
            max_width=block_width,
            max_lines=2,
        )
        self.text(label, x, base - 40, size=7.5, colour=GREY, align="left", max_width=block_width)

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """The verification URL as a QR code of vector rectangles (no image, no extra font).

        Drawn in module units under a scale, so the content stream holds small integers.
        """
        matrix = segno.make(url, error="m", micro=False).matrix
        count = len(matrix)
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(size / count, size / count)
        canvas.setFillColor(white)
        canvas.rect(-2, -2, count + 4, count + 4, stroke=0, fill=1)
        path = canvas.beginPath()
        for row_index, row in enumerate(matrix):
            start = None
            for column, dark in enumerate((*row, 0)):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    path.rect(start, count - 1 - row_index, column - start, 1)
                    start = None
        canvas.setFillColor(INK)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
