"""The module handout: a PDF of a module's published text, set in the certificate fonts.

`render_handout(data, fonts) -> bytes` is pure: it reads the sanitised HTML the importer stored (so the
handout shows exactly what the page shows) and lays it out with ReportLab's Platypus. Chinese works
because every run of text is set in the font that has its glyphs (app.fonts.shape), and
Chinese paragraphs wrap between any two characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.fonts import FontSet, shape

BRAND = colors.HexColor("#1d3557")
LINE = colors.HexColor("#c9d2dc")
NOTE = colors.HexColor("#eef3f8")


@dataclass(frozen=True)
class HandoutData:
    """What a handout shows; labels are already translated into the reader's language."""

    course_title: str
    module_title: str
    html: str
    lang: str  #: the language of the text (zh wraps between characters)
    as_of_label: str  #: "Content current as of 25 November 2026"
    footer: str  #: "ChInValue Academy · https://…/courses/ip-china/trademarks"
    page_label: str = "%(page)d"  #: "Page %(page)d"


@dataclass
class _Block:
    kind: str  #: h1…h6, p, li, pre, note, hr, table
    inline: list[str] = field(default_factory=list)  #: ReportLab markup
    depth: int = 0
    marker: str = ""
    rows: list[list[str]] = field(default_factory=list)  #: tables: each cell's markup
    header_rows: int = 0


class _Reader(HTMLParser):
    """Turns the stored (sanitised) module HTML into blocks of ReportLab paragraph markup."""

    #: Bold needs no tag: bold text is set in the bold face (see _text); Chinese has none and stays regular.
    INLINE = {"em": "i", "i": "i", "sub": "sub", "sup": "sup", "del": "strike", "s": "strike"}
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd"}

    def __init__(self, fonts: FontSet) -> None:
        super().__init__(convert_charrefs=True)
        self.fonts = fonts
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.lists: list[list] = []  #: per open list: [ordered, counter]
        self.bold = 0
        self.note = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.table: _Block | None = None
        self.in_head = False

    # Opening and closing blocks
    def _open(self, kind: str) -> None:
        self._close()
        self.current = _Block("note" if self.note and kind == "p" else kind, depth=len(self.lists))

    def _close(self) -> None:
        if self.current is not None and ("".join(self.current.inline).strip() or self.current.kind == "hr"):
            self.blocks.append(self.current)
        self.current = None

    def _sink(self) -> list[str]:
        if self.cell is not None:
            return self.cell
        if self.current is None:
            self._open("note" if self.note else "p")
        assert self.current is not None
        return self.current.inline

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and self.current is not None and self.current.kind == "li" and not self.current.inline:
            return  # a loose list's item: its paragraph stays the item, bullet and all
        if tag in self.BLOCKS and self.cell is None:
            self._open(tag)
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag == "ol", int(dict(attrs).get("start") or 1) - 1])
        elif tag == "li":
            self._open("li")
            assert self.current is not None
            if self.lists:
                ordered = self.lists[-1]
                ordered[1] += 1
                self.current.marker = f"{ordered[1]}." if ordered[0] else "•"
        elif tag in ("aside", "blockquote"):
            self._close()
            self.note += 1
        elif tag == "hr":
            self._close()
            self.blocks.append(_Block("hr"))
        elif tag == "table":
            self._close()
            self.table = _Block("table")
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.bold += tag == "th"
        elif tag == "br":
            self._sink().append("<br/>")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in self.INLINE:
            self._sink().append(f"<{self.INLINE[tag]}>")
        elif tag in ("code", "kbd"):
            self._sink().append('<font color="#333333">')
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt:
                self._text(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self.cell is None or tag == "li":
            self._close()
        elif tag in ("ul", "ol") and self.lists:
            self._close()
            self.lists.pop()
        elif tag in ("aside", "blockquote"):
            self._close()
            self.note = max(0, self.note - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.bold -= tag == "th"
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table.rows.append(self.row)
            self.table.header_rows += self.in_head
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            if self.table.rows:
                self.blocks.append(self.table)
            self.table = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in self.INLINE:
            self._sink().append(f"</{self.INLINE[tag]}>")
        elif tag in ("code", "kbd"):
            self._sink().append("</font>")

    def handle_data(self, data: str) -> None:
        if self.table is not None and self.cell is None:
            return  # whitespace between table rows
        if self.current is None and self.cell is None and not data.strip():
            return
        self._text(data)

    def _text(self, data: str) -> None:
        """Escaped text, each run in the font that has its glyphs (Latin first, then Chinese)."""
        if not data:
            return
        keep_space = data[:1].isspace(), data[-1:].isspace()
        shaped = shape(data, self.fonts.faces(bold=self.bold > 0))
        parts = [f'<font name="{run.font}">{escape(run.text, quote=False)}</font>' for run in shaped.runs]
        sink = self._sink()
        if keep_space[0] and sink and not parts:
            sink.append(" ")
            return
        sink.append((" " if keep_space[0] else "") + "".join(parts) + (" " if keep_space[1] else ""))


def _styles(fonts: FontSet, lang: str) -> dict[str, ParagraphStyle]:
    wrap = "CJK" if lang == "zh" else None
    base = ParagraphStyle(
        "body", fontName=fonts.latin.name, fontSize=10.5, leading=15, spaceAfter=5, wordWrap=wrap
    )
    sizes = {"h1": 18, "h2": 15, "h3": 12.5, "h4": 11.5, "h5": 11, "h6": 11}
    styles = {
        kind: ParagraphStyle(
            kind, parent=base, fontName=fonts.latin_bold.name, fontSize=size, leading=size * 1.3,
            spaceBefore=8, spaceAfter=4, textColor=BRAND,
        )
        for kind, size in sizes.items()
    }  # fmt: skip
    styles["p"] = base
    styles["dt"] = ParagraphStyle("dt", parent=base, fontName=fonts.latin_bold.name, spaceAfter=1)
    styles["dd"] = ParagraphStyle("dd", parent=base, leftIndent=12)
    styles["pre"] = ParagraphStyle("pre", parent=base, fontSize=9.5, leading=13, leftIndent=8)
    styles["note"] = ParagraphStyle(
        "note",
        parent=base,
        backColor=NOTE,
        borderPadding=6,
        leftIndent=6,
        rightIndent=6,
        spaceBefore=6,
        spaceAfter=10,
    )
    styles["cell"] = ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0, wordWrap="CJK")
    styles["meta"] = ParagraphStyle("meta", parent=base, fontSize=9, textColor=colors.HexColor("#555555"))
    return styles


def _table(block: _Block, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """A table as wide as the text; the first column gets a fair share so words are not split in it."""
    columns = max(len(row) for row in block.rows)
    rows = [
        [Paragraph(cell, styles["cell"]) for cell in row + [""] * (columns - len(row))] for row in block.rows
    ]
    first = width * (0.3 if columns > 2 else 0.4) if columns > 1 else width
    widths = [first] + [(width - first) / (columns - 1)] * (columns - 1) if columns > 1 else [width]
    table = Table(rows, colWidths=widths, repeatRows=block.header_rows, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), styles["cell"].fontName),  # never the default Helvetica
    ]
    if block.header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, block.header_rows - 1), NOTE))
    table.setStyle(TableStyle(commands))
    return table


def _flowables(blocks: list[_Block], styles: dict[str, ParagraphStyle], width: float) -> list:
    flow: list = []
    for block in blocks:
        if block.kind == "hr":
            flow.append(HRFlowable(width="100%", color=LINE, spaceBefore=4, spaceAfter=8))
        elif block.kind == "table":
            flow += [_table(block, styles, width), Spacer(1, 8)]
        elif block.kind == "li":
            style = ParagraphStyle(
                f"li{block.depth}", parent=styles["p"], leftIndent=14 * block.depth + 8, bulletIndent=14 * block.depth - 4,
                spaceAfter=2, bulletFontName=styles["p"].fontName,
            )  # fmt: skip
            flow.append(Paragraph("".join(block.inline).strip(), style, bulletText=block.marker or "•"))
        else:
            flow.append(Paragraph("".join(block.inline).strip(), styles.get(block.kind, styles["p"])))
    return flow


def _markup(text: str, fonts: FontSet, bold: bool = False) -> str:
    return "".join(
        f'<font name="{run.font}">{escape(run.text, quote=False)}</font>'
        for run in shape(text, fonts.faces(bold)).runs
    )


def render_handout(data: HandoutData, fonts: FontSet) -> bytes:
    """The module as an A4 PDF: course and module title, the date the content is current as of, the text."""
    reader = _Reader(fonts)
    reader.feed(data.html)
    reader.close()
    reader._close()
    styles = _styles(fonts, data.lang)
    out = BytesIO()
    margin = 18 * mm
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=22 * mm,
        title=data.module_title, subject=data.course_title, author="ChInValue Academy", lang=data.lang,
        initialFontName=fonts.latin.name,
    )  # fmt: skip
    # Module texts usually open with their title as a heading; otherwise the handout adds it.
    titled = bool(reader.blocks) and reader.blocks[0].kind == "h1"
    story = [
        Paragraph(_markup(data.course_title, fonts), styles["meta"]),
        Paragraph(_markup(data.as_of_label, fonts), styles["meta"]),
        HRFlowable(width="100%", color=BRAND, thickness=1.2, spaceBefore=2, spaceAfter=6),
        *([] if titled else [Paragraph(_markup(data.module_title, fonts, bold=True), styles["h1"])]),
        *_flowables(reader.blocks, styles, doc.width),
    ]

    def footer(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        footer_style = ParagraphStyle("footer", parent=styles["meta"], fontSize=8, leading=10)
        line = Paragraph(
            _markup(f"{data.footer} · {data.page_label % {'page': document.page}}", fonts), footer_style
        )
        _, height = line.wrap(document.width, 20 * mm)
        line.drawOn(canvas, document.leftMargin, 12 * mm - height / 2)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
