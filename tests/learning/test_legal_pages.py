"""Imprint, privacy policy and contact: the operator's files per language, a clear default, linked."""

from pathlib import Path

import pytest


@pytest.fixture
def legal_dir(app, tmp_path):
    folder = tmp_path / "legal"
    folder.mkdir()
    app.config["LEGAL_DIR"] = str(folder)
    yield folder
    app.config["LEGAL_DIR"] = ""


def page(client, path: str, lang: str) -> str:
    response = client.get(path, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/imprint", "/privacy-policy", "/contact"])
def test_without_a_text_the_page_says_what_the_operator_must_write(client, legal_dir, path):
    german = page(client, path, "de")
    assert "noch nicht veröffentlicht" in german
    assert f"{path.strip('/')}.de.md" in german
    english = page(client, path, "en")
    assert "has not yet published this page" in english
    assert "尚未发布" in page(client, path, "zh")


def test_the_operators_text_in_the_readers_language(client, legal_dir: Path):
    (legal_dir / "imprint.de.md").write_text("# Angaben gemäß § 5 DDG\n\nRhein-Bio GmbH, Köln", "utf-8")
    (legal_dir / "imprint.zh.md").write_text("运营方：Rhein-Bio GmbH，科隆", "utf-8")
    german = page(client, "/imprint", "de")
    assert "Angaben gemäß § 5 DDG" in german and "noch nicht veröffentlicht" not in german
    assert "运营方" in page(client, "/imprint", "zh")
    english = page(client, "/imprint", "en")  # no English file: the German one, with a note
    assert "Angaben gemäß § 5 DDG" in english
    assert "It is shown in Deutsch" in english and 'lang="de"' in english


def test_markdown_of_the_legal_text_is_sanitised(client, legal_dir: Path):
    (legal_dir / "contact.en.md").write_text(
        "Mail us: <script>alert(1)</script> [x](javascript:alert(2)) **now**", "utf-8"
    )
    html = page(client, "/contact", "en")
    assert "<script>alert(1)" not in html and 'href="javascript' not in html
    assert "<strong>now</strong>" in html


def test_footer_and_registration_link_the_legal_pages(client, legal_dir):
    home = page(client, "/", "de")
    for path in ("/imprint", "/privacy-policy", "/contact"):
        assert f'href="{path}"' in home
    register = page(client, "/register", "en")
    start = register.index('<form method="post" novalidate')
    form = register[start : register.index("</form>", start)]
    assert 'href="/privacy-policy"' in form and 'href="/imprint"' in form


def test_a_broken_or_huge_file_is_no_server_error(client, legal_dir: Path):
    (legal_dir / "imprint.de.md").write_bytes(b"\xff\xfe\x00Betreiber \xc3(\x00 GmbH")
    assert "Betreiber" in page(client, "/imprint", "de")
    (legal_dir / "contact.de.md").write_text("x" * 300_000, "utf-8")  # not a legal text: ignored
    assert "noch nicht veröffentlicht" in page(client, "/contact", "de")
