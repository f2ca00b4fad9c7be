"""Finding fonts, choosing a font per run of text, and fitting text into a width."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.fonts import FontError, FontPaths, FontSet, find_fonts, fit, load_fonts, shape, width


def test_debian_fonts_are_found_and_registered_once(fonts: FontSet):
    paths = find_fonts()
    assert paths.cjk is not None and paths.cjk.name.startswith(("wqy-", "uming"))
    assert load_fonts() is fonts
    assert load_fonts(paths) is fonts


def test_missing_fonts_name_the_debian_package(tmp_path: Path):
    with pytest.raises(FontError, match="fonts-dejavu-core"):
        find_fonts(font_root=tmp_path)
    latin = tmp_path / "truetype/dejavu/DejaVuSans.ttf"
    latin.parent.mkdir(parents=True)
    latin.write_bytes(b"")
    with pytest.raises(FontError, match="fonts-wqy-microhei"):
        find_fonts(font_root=tmp_path)


def test_a_configured_font_that_does_not_exist_is_an_error(tmp_path: Path):
    with pytest.raises(FontError, match="does not exist"):
        find_fonts(FontPaths(cjk=tmp_path / "nope.ttc"))


def test_a_font_reportlab_cannot_embed_is_an_error(tmp_path: Path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"OTTO" + b"\0" * 64)  # a CFF-flavoured header, like Noto CJK
    with pytest.raises(FontError, match="TrueType"):
        load_fonts(FontPaths(cjk=broken))


def test_latin_text_and_german_punctuation_stay_in_the_latin_font(fonts: FontSet):
    shaped = shape("„Straße“ – GROẞ", fonts.faces(bold=False))
    assert [run.font for run in shaped.runs] == [fonts.latin.name]
    assert shaped.warnings == ()


def test_chinese_goes_to_the_cjk_font(fonts: FontSet):
    shaped = shape("Anna 安娜 2026年", fonts.faces(bold=True), fake_bold_after_first=True)
    assert [(run.text, run.font, run.fake_bold) for run in shaped.runs] == [
        ("Anna ", fonts.latin_bold.name, False),
        ("安娜 ", fonts.cjk.name, True),  # a space stays in the font it follows
        ("2026", fonts.latin_bold.name, False),
        ("年", fonts.cjk.name, True),
    ]


def test_characters_without_glyph_are_dropped_or_replaced_with_a_warning(fonts: FontSet):
    shaped = shape("Anna 🦄 Müller\u200d\ufe0f 𓀀", fonts.faces(bold=False))
    assert shaped.text == "Anna Müller ?"
    assert len(shaped.warnings) == 2
    assert "U+1F984" in shaped.warnings[0] and "left out" in shaped.warnings[0]
    assert "U+13000" in shaped.warnings[1] and "'?'" in shaped.warnings[1]


def test_every_drawn_character_has_a_glyph_in_its_font(fonts: FontSet):
    faces = {face.name: face for face in (fonts.latin, fonts.latin_bold, fonts.cjk)}
    shaped = shape("Zoë „Ω“ 😀🦄 𝒜 王小明 ẞ \u202f%", fonts.faces(bold=False))
    for run in shaped.runs:
        assert all(faces[run.font].has(char) for char in run.text), run


def test_decomposed_umlauts_are_composed_first(fonts: FontSet):
    assert shape("Mu\u0308ller", fonts.faces(bold=False)).text == "Müller"


def test_short_text_keeps_its_size(fonts: FontSet):
    fitted = fit("Anna Müller", fonts, max_width=500, size=30, min_size=16, bold=True)
    assert fitted.size == 30 and len(fitted.lines) == 1


def test_long_text_shrinks_then_wraps_then_is_cut(fonts: FontSet):
    name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
    shrunk = fit(name, fonts, max_width=600, size=30, min_size=16, bold=True)
    assert 16 <= shrunk.size < 30 and len(shrunk.lines) == 1
    wrapped = fit(name * 2, fonts, max_width=600, size=30, min_size=16, bold=True)
    assert len(wrapped.lines) == 2 and not wrapped.warnings
    cut = fit(name * 8, fonts, max_width=600, size=30, min_size=16, bold=True)
    assert len(cut.lines) == 2 and cut.lines[1][-1].text.endswith("…") and cut.warnings


def test_chinese_without_spaces_wraps_between_characters(fonts: FontSet):
    fitted = fit("进入中国市场" * 12, fonts, max_width=400, size=20, min_size=12)
    assert len(fitted.lines) == 2
    assert all(width(line, fitted.size) <= 400 for line in fitted.lines)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=160), st.floats(min_value=40, max_value=700), st.booleans())
def test_fitted_text_never_exceeds_its_width(fonts: FontSet, text: str, max_width: float, bold: bool):
    fitted = fit(text, fonts, max_width=max_width, size=24, min_size=10, bold=bold)
    assert len(fitted.lines) <= 2
    assert all(width(line, fitted.size) <= max_width + 1e-6 for line in fitted.lines)
