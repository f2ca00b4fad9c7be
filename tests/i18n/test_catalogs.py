"""The catalogs are complete: no missing, empty or fuzzy translation, and msgfmt accepts them."""

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_complete(lang):
    messages = [m for m in catalog(lang) if m.id]
    assert messages
    missing = [m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not missing, f"{lang}: untranslated {missing[:5]}"
    assert not fuzzy, f"{lang}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_placeholders_survive_translation(lang):
    import re

    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"%\(\w+\)[sd]", " ".join(ids)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == expected, message.id


def test_catalog_matches_the_code(tmp_path):
    """Every string in the code is in the template (run `make translate` after adding strings)."""
    root = TRANSLATIONS.parent
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--ignore-dirs",
            ".*",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=root,
        check=True,
        capture_output=True,
        executable=shutil.which("pybabel", path=str(Path(__import__("sys").executable).parent)),
    )
    with pot.open("rb") as f:
        extracted = {m.id for m in read_po(f) if m.id}
    shipped = {m.id for m in catalog("de") if m.id}
    missing = sorted(extracted - shipped, key=str)
    assert not missing, f"not in the catalogs (run make translate): {missing[:5]}"


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_msgfmt_check(lang, tmp_path):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
