"""The module handout: a PDF of the published text in the reader's language, Chinese included, made
once per revision; checked with pdftotext, as a reader's PDF viewer would see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.learning import import_folder

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils' pdftotext")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return "".join(text.split())


def handout(client, lang: str = "de", module: str = "basics"):  # type: ignore[no-untyped-def]
    response = client.get(f"/courses/sample/{module}/handout.pdf", headers={"Accept-Language": lang})
    return response


def test_the_handout_is_the_module_text_as_pdf(client, auth, create_user, sample, tmp_path):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    page = client.get("/courses/sample/basics").get_data(as_text=True)
    assert 'href="/courses/sample/basics/handout.pdf"' in page
    response = handout(client)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    module = (sample / "basics" / "module.de.md").read_text("utf-8")
    first_paragraph = next(
        line
        for line in module.split("---", 2)[2].splitlines()
        if line and not line.startswith(("#", ">", "!", "|", "-", ":"))
    )
    assert squeeze(first_paragraph[:40].replace("**", "").replace("*", "")) in squeeze(text)
    assert "Beispielkurs" in text and "Seite 1" in text


def test_chinese_text_survives_in_the_handout(client, auth, create_user, sample, tmp_path):
    create_user(email="wang@example.org", locale="zh")
    auth.login("wang@example.org")
    text = pdf_text(handout(client, "zh").data, tmp_path)
    assert "示例课程" in text
    module = (sample / "basics" / "module.zh.md").read_text("utf-8")
    title = (
        next(line for line in module.splitlines() if line.startswith("title:"))
        .split(":", 1)[1]
        .strip()
        .strip('"')
    )
    assert squeeze(title) in squeeze(text)
    assert "第1页" in squeeze(text)
    fonts = tmp_path / "fonts.pdf"
    fonts.write_bytes(handout(client, "zh").data)
    listing = subprocess.run(["pdffonts", str(fonts)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert any("WenQuanYi" in row for row in rows), listing  # the certificates' Chinese font
    assert all(row.split()[-5] == "yes" for row in rows), (
        listing
    )  # every font embedded: no Helvetica stand-in


def test_the_handout_is_made_once_per_revision(app, client, auth, create_user, sample, tmp_path):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    folder = Path(app.instance_path) / "handouts"
    shutil.rmtree(folder, ignore_errors=True)
    first = handout(client).data
    made = sorted(folder.glob("*.pdf"))
    assert len(made) == 1
    made[0].write_bytes(first + b"%cached")  # what is served comes from the cache file
    assert handout(client).data.endswith(b"%cached")
    module = sample / "basics" / "module.de.md"
    module.write_text(module.read_text("utf-8") + "\n\nEin neuer Absatz über Widerspruchsfristen.\n", "utf-8")
    import_folder(app, sample)  # a new published revision: a new handout
    fresh = handout(client).data
    assert not fresh.endswith(b"%cached")
    assert "Widerspruchsfristen" in pdf_text(fresh, tmp_path)
    made[0].unlink()


def test_the_handout_needs_a_signed_in_reader_and_a_real_module(client, auth, create_user, sample):
    response = handout(client)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    assert handout(client, module="no-such-module").status_code == 404
    assert client.get("/courses/%00/basics/handout.pdf").status_code == 404
