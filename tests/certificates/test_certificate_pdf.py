"""The certificate PDF, checked the way a reader sees it: poppler's text, fonts, metadata and a QR scan."""

import re
import threading
from datetime import date
from pathlib import Path

import pytest
from certificate_helpers import NAME, NAME_ZH, TITLES, make_data, need, run
from PIL import Image, ImageDraw

from app.certificates.labels import LOCALES, format_day, format_duration, format_score, languages
from app.certificates.pdf import render_certificate, render_certificate_report
from app.certificates.pdf.drawing import PAGE_HEIGHT, PAGE_WIDTH
from app.fonts import FontSet

#: The gold inner rule; nothing may be printed outside it.
FRAME = 27.0
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def text_of(path: Path) -> str:
    return run(need("pdftotext"), "-layout", path, "-")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("locale", LOCALES)
def test_text_is_extractable_in_every_language(pdf_files: dict[str, Path], locale: str):
    text = text_of(pdf_files[locale])
    assert NAME in text
    assert NAME_ZH in text
    for lang in languages(locale):
        assert TITLES[lang] in text
    assert "CV-7K3M-9QXD-2P8W-H" in text
    assert "https://academy.chinvalue.de/verify/CV-7K3M-9QXD-2P8W-H" in text


def test_labels_and_dates_follow_the_locale(pdf_files: dict[str, Path]):
    assert "Abschlusszertifikat" in text_of(pdf_files["de"])
    assert "25. November 2026" in text_of(pdf_files["de"])
    assert "Certificate of Completion" in text_of(pdf_files["en"])
    assert "25 November 2026" in text_of(pdf_files["en"])
    assert "结业证书" in text_of(pdf_files["zh"])
    assert "2026年11月25日" in text_of(pdf_files["zh"])
    bilingual = text_of(pdf_files["en+zh"])
    assert "Certificate of Completion" in bilingual and "结业证书" in bilingual
    assert "25 November 2026" in bilingual and "2026年11月25日" in bilingual


def test_formatting_helpers():
    day = date(2026, 11, 25)
    assert [format_day(day, lang) for lang in ("de", "en", "zh")] == [
        "25. November 2026",
        "25 November 2026",
        "2026年11月25日",
    ]
    assert format_duration(210, "de") == "3 Stunden 30 Minuten"
    assert format_duration(60, "en") == "1 hour"
    assert format_duration(45, "zh") == "45分钟"
    assert format_score(92.5, "de") == "92,5\xa0%"
    assert format_score(100, "en") == "100%"


def test_locales_are_parsed_and_unknown_ones_refused():
    assert languages("zh_CN") == ("zh",)
    assert languages("DE+zh-Hans") == ("de", "zh")
    with pytest.raises(ValueError, match="Unsupported"):
        languages("fr")


@pytest.mark.parametrize("locale", ["de", "zh", "de+zh"])
def test_all_fonts_are_embedded_subsets(pdf_files: dict[str, Path], locale: str):
    lines = run(need("pdffonts"), pdf_files[locale]).splitlines()[2:]
    assert len(lines) == 3  # Latin, Latin bold, CJK: no stray Helvetica
    for line in lines:
        columns = line.split()
        assert columns[-5:-2] == ["yes", "yes", "yes"], line  # emb, sub, uni
        assert re.match(r"^[A-Z]{6}\+", columns[0]), line


def test_files_stay_small(rendered: dict[str, bytes]):
    for locale, pdf in rendered.items():
        assert len(pdf) < 150 * 1024, locale


def test_metadata_and_language(pdf_files: dict[str, Path], rendered: dict[str, bytes]):
    info = run(need("pdfinfo"), pdf_files["de+zh"])
    assert re.search(r"^Title:\s+Abschlusszertifikat – Anna-Lena Müller-Weiß$", info, re.M)
    assert re.search(r"^Author:\s+NRW.Global Business – ChInValue$", info, re.M)
    assert re.search(r"^Subject:\s+Markteintritt in China: Recht und Kultur$", info, re.M)
    assert re.search(r"^Creator:\s+ChInValue Academy$", info, re.M)
    assert re.search(r"^Page size:\s+841.89 x 595.2\d* pts \(A4\)", info, re.M)
    assert re.search(r"^Title:\s+结业证书 – Anna-Lena Müller-Weiß$", run("pdfinfo", pdf_files["zh"]), re.M)
    assert b"/Lang (de-DE)" in rendered["de+zh"]
    assert b"/Lang (zh-CN)" in rendered["zh"]


def words_outside_frame(path: Path) -> list[str]:
    html = run(need("pdftotext"), "-bbox", path, "-")
    outside = []
    for match in WORD.finditer(html):
        x_min, y_min, x_max, y_max = map(float, match.groups())
        if x_min < FRAME or y_min < FRAME or x_max > PAGE_WIDTH - FRAME or y_max > PAGE_HEIGHT - FRAME:
            outside.append(html[match.end() : html.index("<", match.end())])
    return outside


@pytest.mark.parametrize("locale", ["de", "zh", "en+zh"])
def test_long_names_and_titles_with_emoji_and_mixed_scripts_fit_on_the_page(
    fonts: FontSet, tmp_path: Path, locale: str
):
    data = make_data(
        name="Maximiliane Alexandra Friederike Freifrau von und zu Hohenzollern-Sigmaringen-Berleburg 王",
        name_zh="欧阳" + "娜" * 40,
        course_title={lang: title * 4 + " 🦄👩‍💻" for lang, title in TITLES.items()},
        trainers=("Prof. Dr. Dr. h.c. Maximilian Mustermann-Schmidt",) * 4,
        issuer="NRW.Global Business GmbH – Außenwirtschaftsagentur des Landes Nordrhein-Westfalen " * 2,
        verify_url="https://academy.chinvalue.example.org/verify/" + "X" * 120,
    )
    report = render_certificate_report(data, locale, fonts)
    assert 10 <= report.name_size <= 30
    assert any("U+1F984" in warning for warning in report.warnings)
    assert not any("U+25A1" in warning for warning in report.warnings)
    path = tmp_path / "long.pdf"
    path.write_bytes(report.pdf)
    assert words_outside_frame(path) == []
    assert "Maximiliane" in text_of(path)


@pytest.mark.parametrize("locale", ["de", "de+zh"])
def test_sample_certificate_stays_inside_the_frame(pdf_files: dict[str, Path], locale: str):
    assert words_outside_frame(pdf_files[locale]) == []


def test_a_plain_name_keeps_the_full_size(fonts: FontSet):
    report = render_certificate_report(make_data(name="Li Wei", name_zh=None), "en", fonts)
    assert report.name_size == 30 and report.name_lines == 1 and report.warnings == ()


def test_minimal_data_renders(fonts: FontSet):
    data = make_data(
        name_zh=None,
        score_percent=None,
        duration_minutes=None,
        trainers=(),
        content_as_of=None,
        valid_until=None,
        course_title={"de": "Nur Deutsch"},
    )
    for locale in LOCALES:
        assert render_certificate(data, locale, fonts).startswith(b"%PDF-")


def test_missing_images_and_names_are_refused(fonts: FontSet, tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        render_certificate(make_data(logo_path=tmp_path / "none.png"), "de", fonts)
    for name in ("  ", "🦄🦄"):
        with pytest.raises(ValueError, match="name"):
            render_certificate(make_data(name=name), "de", fonts)


def test_png_and_svg_logos_and_a_signature_image(fonts: FontSet, tmp_path: Path):
    png = tmp_path / "logo.png"
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 90, 90), fill=(180, 30, 40, 255))
    image.save(png)
    signature = tmp_path / "signature.png"
    image = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((10, 100, 120, 20, 220, 90, 390, 30), fill=(20, 30, 90, 255), width=6)
    image.save(signature)
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="120" height="40" rx="6" fill="#1b3559"/><circle cx="100" cy="20" r="12" fill="#b42126"/></svg>'
    )
    for logo in (png, svg):
        pdf = render_certificate(make_data(logo_path=logo, signature_image_path=signature), "de+zh", fonts)
        assert pdf.startswith(b"%PDF-") and len(pdf) < 150 * 1024


def test_qr_code_decodes_to_the_verify_url(pdf_files: dict[str, Path], tmp_path: Path):
    zbarimg = need("zbarimg")
    for locale in ("de", "de+zh"):
        prefix = tmp_path / locale.replace("+", "-")
        run(need("pdftoppm"), "-r", "150", "-png", "-singlefile", pdf_files[locale], prefix)
        decoded = run(zbarimg, "--raw", "-q", f"{prefix}.png").strip()
        assert decoded == "https://academy.chinvalue.de/verify/CV-7K3M-9QXD-2P8W-H"


def test_concurrent_renders_do_not_break_subsetting(fonts: FontSet):
    errors: list[BaseException] = []
    results: list[bytes] = []

    def work(index: int) -> None:
        try:
            for turn in range(6):
                name = f"Teilnehmerin {index}-{turn} 学员{chr(0x4E00 + index * 50 + turn)}"
                results.append(render_certificate(make_data(name=name), "de+zh", fonts))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(results) == 36
