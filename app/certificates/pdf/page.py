"""Where each part of the certificate goes: header, the centred middle (title, name, course) that shrinks
as a whole when it is too tall, the details columns and the footer with signatures and the QR code."""

from dataclasses import dataclass

from reportlab.lib.colors import Color

from app.certificates.labels import course_title_for, format_day, format_duration, format_score
from app.fonts import Fitted, UnprintableText, fit

from .data import Rendered
from .drawing import (
    CENTRE,
    CONTENT_WIDTH,
    FOOTER_TEXT_RIGHT,
    FOOTER_TEXT_WIDTH,
    GOLD,
    GREY,
    INK,
    ISSUER_WIDTH,
    LEADING,
    LEFT,
    NAME_MIN_SIZE,
    NAVY,
    PAGE_HEIGHT,
    QR_SIZE,
    QR_X,
    RIGHT,
    TRAINERS_WIDTH,
    TRAINERS_X,
    Drawing,
)


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


class CertificatePage(Drawing):
    """One certificate page, drawn part by part."""

    def render(self) -> Rendered:
        self.frame()
        self.header()
        name_size, name_lines = self.middle(top=PAGE_HEIGHT - 96, bottom=216)
        self.details(top=196)
        self.footer()
        self.canvas.showPage()
        self.canvas.save()
        return Rendered(self.buffer.getvalue(), tuple(dict.fromkeys(self.warnings)), name_size, name_lines)

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
        self.columns(columns, top)

    def columns(self, columns: list[tuple[str, list[str]]], top: float, value_lines: int = 1) -> None:
        """Labelled columns across the page under a gold rule: each label in every language, then the values
        (the first in bold; repeated values once)."""
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
                    value, x, y, size=size, bold=position == 0, colour=NAVY, max_width=column_width - 12,
                    max_lines=value_lines,
                )  # fmt: skip
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
