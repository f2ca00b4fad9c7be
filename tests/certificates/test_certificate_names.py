"""The printed name is the name: every character a name may have prints exactly; anything else is refused
where the name is entered, and a stored name that cannot be printed is never signed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from app_helpers import count, t
from certificate_helpers import make_data, need, run
from reportlab.pdfbase.ttfonts import TTFontFile
from sqlalchemy import select

from app.auth.models import User
from app.auth.name_alphabet import chinese_name_char, latin_name_char
from app.auth.validators import chinese_name_problem, latin_name_problem
from app.certificates import services
from app.certificates.fonts import FontSet, find_fonts, needs_shaping
from app.certificates.pdf import render_certificate
from app.extensions import db
from tests.fixtures.accounts import PASSWORD

ALL = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
LATIN = [char for char in ALL if latin_name_char(char)]
CHINESE = [char for char in ALL if chinese_name_char(char)]


def cmap(path: Path, subfont: int = 0) -> set[int]:
    """The code points a font file really has a glyph for, read from its cmap by ReportLab's TTF reader."""
    font = TTFontFile(str(path), subfontIndex=subfont)
    return {code for code, glyph in font.charToGlyph.items() if glyph}


@pytest.fixture(scope="module")
def name_glyphs() -> set[int]:
    """What the certificate draws names with: the bold Latin face, then the CJK face (fonts.py)."""
    paths = find_fonts()
    return cmap(paths.latin_bold) | cmap(paths.cjk, paths.cjk_subfont_index)


def test_the_alphabets_are_what_names_need():
    assert len(LATIN) > 850 and len(CHINESE) > 20900
    for char in "AzÄöüßẞéçøłŁőșțǎǚŋɛɔƆđĐơưễẞＷｗ '-.’":
        assert latin_name_char(char), char
    for char in "王芳欧阳娜·・ 龥":
        assert chinese_name_char(char), char
    for char in "𠮷😀عא\u0301\u200d1@Ꝁ":
        assert not latin_name_char(char) and not chinese_name_char(char), char


@pytest.mark.parametrize(
    ("alphabet", "problem"), [(LATIN, latin_name_problem), (CHINESE, chinese_name_problem)]
)
def test_every_character_the_validators_accept_is_in_the_fonts(app, name_glyphs, alphabet, problem):
    missing = [f"U+{ord(char):04X}" for char in alphabet if ord(char) not in name_glyphs]
    assert missing == []
    assert not any(needs_shaping(char) for char in alphabet)
    with app.test_request_context():
        prefix = "A" if problem is latin_name_problem else ""
        refused = [f"U+{ord(char):04X}" for char in alphabet if problem(prefix + char) is not None]
    assert refused == []


def _names(alphabet: list[str], size: int, step: int) -> list[str]:
    sample = alphabet[::step] + alphabet[-1:]
    return ["".join(sample[index : index + size]) for index in range(0, len(sample), size)]


def test_names_from_every_range_print_exactly(fonts: FontSet, tmp_path: Path):
    """pdftotext reads back exactly the name we drew, for a sample across both alphabets."""
    pdftotext = need("pdftotext")
    letters = [char for char in LATIN if char.isalpha()]
    chinese = [char for char in CHINESE if not char.isspace()]
    latin, han = _names(letters, 100, 3), _names(chinese, 58, 53)
    for index in range(max(len(latin), len(han))):
        name, name_zh = latin[index % len(latin)], han[index % len(han)]
        path = tmp_path / f"names-{index}.pdf"
        path.write_bytes(render_certificate(make_data(name=name, name_zh=name_zh), "de+zh", fonts))
        text = re.sub(r"\s+", "", run(pdftotext, path, "-"))
        assert re.sub(r"\s+", "", name) in text and re.sub(r"\s+", "", name_zh) in text


REFUSED = {
    "name_zh": ("吉𠮷", "𠮷", "U+20BB7"),
    "name": ("Anna 😀", "😀", "U+1F600"),
    "arabic": ("Ali علي", "ع", "U+0639"),
    "mark": ("Dan\u0308a", "\u0308", "U+0308"),  # n with diaeresis has no composed form
}


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
@pytest.mark.parametrize("case", REFUSED)
def test_registration_names_the_refused_character(app, client, lang, case):
    value, char, code = REFUSED[case]
    field = "name_zh" if case == "name_zh" else "name"
    form = {
        "email": "neu@example.org",
        "name": "Wang Fang",
        "name_zh": "王芳",
        "locale": lang,
        "password": PASSWORD,
        "confirm": PASSWORD,
        field: value,
    }
    page = client.post("/register", data=form, headers={"Accept-Language": lang}).get_data(as_text=True)
    if case in ("name_zh", "mark"):
        message = "The character '%(char)s' (%(code)s) cannot be printed on certificates."
        expected = t(app, message, lang, char=char, code=code)
    else:
        expected = t(
            app,
            "The character '%(char)s' (%(code)s) is not allowed: names may contain Latin letters, spaces, "
            "hyphens, apostrophes and full stops only.",
            lang,
            char=char,
            code=code,
        )
    assert expected in page
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_the_profile_refuses_what_cannot_be_printed(app, client, auth, create_user):
    create_user(email="anna@example.org", name="Anna Schmidt", locale="en")
    auth.login("anna@example.org")
    response = client.post("/profile", data={"name": "Anna Schmidt", "name_zh": "吉𠮷", "locale": "en"})
    assert "U+20BB7" in response.get_data(as_text=True)
    client.post("/profile", data={"name": "Nguye\u0302\u0303n Anna", "name_zh": "", "locale": "en"})
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.name_zh is None and user.name == "Nguyễn Anna"  # composed as it is printed


def test_the_command_line_names_the_character(app, runner):
    args = ["users", "create", "--email", "wu@example.org", "--password", PASSWORD, "--name", "Wu Ji"]
    result = runner.invoke(args=[*args, "--name-zh", "吉𠮷"])
    assert (
        result.exit_code == 2 and "--name-zh: The character '𠮷' (U+20BB7) cannot be printed" in result.output
    )
    result = runner.invoke(args=[*args[:-1], "Wu 🐉"])
    assert result.exit_code == 2 and "'🐉' (U+1F409) is not allowed" in result.output


def test_a_stored_name_that_cannot_be_printed_is_never_signed(app, sample, participant, auth, client, taker):
    """A name written straight into the database: the completion stays, no certificate is signed, and the
    holder is told which character to correct."""
    with app.app_context():
        user = db.session.get(User, participant.id)
        user.name_zh = "吉𠮷"
        db.session.commit()
    auth.login(participant.email)
    taker.take(right=True)
    assert count(app) == 0
    with app.app_context():
        with pytest.raises(services.UnprintableName) as error:
            services.issue_manually(
                db.session.get(User, participant.id), sample_course(), "de", None, note="x"
            )
        assert error.value.char == "𠮷"
    page = client.get("/certificates").get_data(as_text=True)
    form = re.search(r'action="(/certificates/course/\d+/issue)"', page)
    assert form, "the completed course is offered for issuing"
    page = client.post(form.group(1), follow_redirects=True).get_data(as_text=True)
    message = (
        "Your name contains the character '%(char)s' (%(code)s), which cannot be printed on certificates. "
        "Please correct your name in your profile, then issue the certificate again."
    )
    assert t(app, message, char="𠮷", code="U+20BB7") in page
    assert count(app) == 0


def sample_course():  # type: ignore[no-untyped-def]
    from app.courses.models import Course

    return db.session.scalar(select(Course).where(Course.slug == "sample"))
