"""How the page is drawn: text render modes in the content stream, and margins with the longest texts."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from certificate_helpers import make_data, need, run
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.certificates.labels import LOCALES
from app.certificates.pdf import render_certificate, render_certificate_report
from app.certificates.pdf.drawing import LEFT, PAGE_HEIGHT, RIGHT
from app.fonts import FontSet, UnprintableText


@dataclass(frozen=True)
class Shown:
    """One text-showing operator: the font's base name, its size and the text render mode in force."""

    font: str
    size: float
    mode: int


def shown_text(pdf: bytes) -> list[Shown]:
    """Walk the page's content stream as a reader does: Tr and Tf are graphics state (kept across BT/ET,
    saved by q and restored by Q)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = {name: str(ref.get_object()["/BaseFont"]) for name, ref in page["/Resources"]["/Font"].items()}
    state = {"mode": 0, "font": "", "size": 0.0}
    saved: list[dict] = []
    shown: list[Shown] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(dict(state))
        elif operator == b"Q":
            state = saved.pop()
        elif operator == b"Tr":
            state["mode"] = int(operands[0])
        elif operator == b"Tf":
            state["font"], state["size"] = fonts[operands[0]], float(operands[1])
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            shown.append(Shown(state["font"], state["size"], state["mode"]))
    return shown


@pytest.mark.parametrize("locale", LOCALES)
def test_fake_bold_stays_on_the_chinese_runs_of_bold_lines(fonts: FontSet, locale: str):
    """CJK fonts have no bold face, so bold Chinese is stroked (mode 2); nothing else ever is."""
    shown = shown_text(render_certificate(make_data(), locale, fonts))
    assert len(shown) > 20
    cjk = "WenQuanYi"
    for item in shown:
        if item.mode != 0:
            assert item.mode == 2 and cjk in item.font, item
    # Labels, dates, the ID line and the URL (all below 11 pt) are plain fill, whatever came before.
    assert {item.mode for item in shown if item.size < 11} == {0}
    stroked = [index for index, item in enumerate(shown) if item.mode == 2]
    assert stroked, "the Chinese name (and title) is fake bold"
    assert any(item.mode == 0 for item in shown[stroked[-1] + 1 :])
    if "zh" in locale:
        assert any(item.mode == 0 and cjk in item.font for item in shown)  # e.g. the Chinese labels


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Box:
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str

    def gap_to(self, other: Box) -> float:
        """The distance between two boxes (0 when they touch or overlap)."""
        dx = max(other.x_min - self.x_max, self.x_min - other.x_max, 0.0)
        dy = max(other.y_min - self.y_max, self.y_min - other.y_max, 0.0)
        return max(dx, dy)


def words(path: Path) -> list[Box]:
    html = run(need("pdftotext"), "-bbox", path, "-")
    return [Box(*map(float, match.groups()[:4]), match.group(5)) for match in WORD.finditer(html)]


#: An 80-character name: wide letters, a long double-barrelled surname.
NAME_80 = "Wilhelmine Maximiliane Mawuena Oluwaseun Hohenzollern-Sigmaringen-Wittgenstein W"
LONG_TITLES = {
    "de": "Markteintritt in China für mittelständische Life-Science-Unternehmen aus Nordrhein-Westfalen: "
    "Recht, Regulierung, Vertrieb, Schutzrechte und Verhandlungskultur in der Praxis",
    "en": "Market entry in China for mid-sized life-science companies from North Rhine-Westphalia: law, "
    "regulation, distribution, intellectual property and negotiation culture in practice",
    "zh": "北莱茵-威斯特法伦州中型生命科学企业进入中国市场：法律、监管、分销、知识产权与谈判文化实务详解与案例分析",
}
TRAINERS = (
    "Prof. Dr. Maximiliane Mustermann-Schmidt",
    "Dr. Wilhelmine Oluwaseun-Wittgenstein",
    "Jana Schmitz",
)
#: A long base URL: the printed link then fills its two lines.
URL = (
    "https://zertifikatspruefung.weiterbildungsakademie.chinvalue-nrw.example.org/verify/CV-7K3M-9QXD-2P8W-H"
)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name_zh", [None, "欧阳娜娜"])
def test_long_titles_and_an_80_character_name_keep_their_margins(
    fonts: FontSet, tmp_path: Path, locale: str, name_zh: str | None
):
    assert len(NAME_80) == 80
    data = make_data(
        name=NAME_80, name_zh=name_zh, course_title=LONG_TITLES, trainers=TRAINERS, verify_url=URL
    )
    report = render_certificate_report(data, locale, fonts)
    assert report.warnings == ()  # nothing cut: not the name, the title, the trainers or the URL
    path = tmp_path / "long.pdf"
    path.write_bytes(report.pdf)
    boxes = words(path)
    text = " ".join(box.text for box in boxes)
    assert all(part in text for part in NAME_80.split())  # the whole name, never cut
    for box in boxes:  # inside the content area, clear of the frame
        assert LEFT - 1 <= box.x_min and box.x_max <= RIGHT + 1, box
        assert 36 <= box.y_min and box.y_max <= PAGE_HEIGHT - 36, box
    for index, box in enumerate(boxes):  # no word touches another
        for other in boxes[index + 1 :]:
            assert box.gap_to(other) > 0.5, (box, other)
    trainer_text = ", ".join(TRAINERS)
    trainers = [box for box in boxes if box.text in trainer_text and box.y_min > PAGE_HEIGHT - 130]
    url = [box for box in boxes if box.text in URL and box.y_min > PAGE_HEIGHT - 130]
    assert trainers and url
    assert min(t.gap_to(u) for t in trainers for u in url) >= 18  # the trainer line and the URL keep apart


def test_the_longest_possible_name_is_printed_in_full(fonts: FontSet, tmp_path: Path):
    """120 characters is the most a name may have; even the widest letters print, smaller, never cut."""
    name = "W" * 59 + " " + "W" * 60
    report = render_certificate_report(make_data(name=name, name_zh="欧阳" + "娜" * 58), "de+zh", fonts)
    path = tmp_path / "widest.pdf"
    path.write_bytes(report.pdf)
    text = re.sub(r"\s+", "", run(need("pdftotext"), path, "-"))
    assert name.replace(" ", "") in text and "欧阳" + "娜" * 58 in text
    assert report.name_lines == 2 and 6 <= report.name_size < 16


def test_a_name_that_cannot_be_printed_exactly_is_refused(fonts: FontSet):
    for name, code in (
        ("Anna 𠮷", "U+20BB7"),
        ("Anna 🦄", "U+1F984"),
        ("علي", "U+0639"),
        ("Zoe\u200d", "U+200D"),
    ):
        with pytest.raises(UnprintableText, match=re.escape(code)):
            render_certificate(make_data(name=name), "de", fonts)
    with pytest.raises(UnprintableText, match=r"U\+20BB7"):
        render_certificate(make_data(name_zh="吉𠮷"), "zh", fonts)
