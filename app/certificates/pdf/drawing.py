"""The pen of the certificate page: A4 landscape geometry and colours, fitted text in mixed scripts, the
frame, the logo, rules, signing lines and the QR code. What goes where is page.py's business."""

from io import BytesIO
from pathlib import Path

import segno
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.certificates.labels import LABELS, PDF_LANG, course_title_for
from app.fonts import Fitted, FontSet, Run, fit, width

from .data import CertificateData

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


class Drawing:
    """A canvas for one certificate in its languages; collects warnings from every piece of fitted text."""

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

    # -- text -------------------------------------------------------------------------------------------

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

    # -- ornaments and marks ------------------------------------------------------------------------------

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
