"""Every translatable string in app/ reaches the catalogs, whatever folder it is in.

Babel's extractor skips folders whose name starts with "_" unless told otherwise; that hid
app/templates/_macros from the catalogs while the build reported 100 %. This test walks every file
itself, with no directory filter, so no folder can fall out of the catalogs again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None}
METHODS = {".py": "python", ".html": "jinja2", ".txt": "jinja2"}


def strings_in_the_code() -> dict[str, set[str]]:
    """msgid -> the files it occurs in, for every .py under app/ and every template."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "app").rglob("*")):
        method = METHODS.get(path.suffix)
        if method is None or (method == "jinja2" and "templates" not in path.parts):
            continue
        for _line, message, _comments, _context in extract_from_file(method, str(path), keywords=KEYWORDS):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.fixture(scope="module")
def code_strings() -> dict[str, set[str]]:
    return strings_in_the_code()


def test_the_walk_sees_the_macro_folders(code_strings):
    """The folder that was once skipped is read: the progress bar's label is among the strings."""
    assert any("_macros" in f for files in code_strings.values() for f in files)
    assert "%(percent)s done" in code_strings


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_every_string_in_every_folder_is_translated(code_strings, lang):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and m.string and (not isinstance(m.string, tuple) or all(m.string)) and not m.fuzzy
    }
    missing = {msgid: sorted(files) for msgid, files in code_strings.items() if msgid not in translated}
    assert not missing, f"{lang}: not in the catalog (run make translate): {list(missing.items())[:5]}"
