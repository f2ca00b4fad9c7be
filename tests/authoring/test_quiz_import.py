"""Importing a quiz file in the browser: upload, converted preview with warnings and left-out questions,
saved as the quiz's draft (never published); only the course's trainers and admins; junk never a 500."""

from __future__ import annotations

import html
import io
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.authoring.models import Draft
from app.extensions import db
from tests.fixtures.authoring import (
    ADMIN,
    OTHER_TRAINER,
    PARTICIPANT,
    draft_count,
    file_url,
    quiz_revisions,
    textarea,
)

DATA = Path(__file__).parents[1] / "data" / "quizzes"
IMPORT = file_url("quiz", "de") + "/import"


def upload(client, name: str, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
    return client.post(IMPORT, data={"upload": (io.BytesIO(data), name), "convert": "x"}, **kwargs)


def hidden_source(page: str) -> str:
    found = re.search(r'<input[^>]*name="source"[^>]*value="([^"]*)"', page, re.S) or re.search(
        r'<input[^>]*value="([^"]*)"[^>]*name="source"', page, re.S
    )
    assert found, "no converted source on the page"
    return html.unescape(found.group(1))


def test_gift_upload_shows_preview_warnings_and_left_out_questions(app, editor):
    response = upload(editor.client, "broken.gift", (DATA / "broken.gift").read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Questions converted: 1 · left out: 4 · warnings: 1" in html.unescape(page)
    skipped = re.findall(r"line (\d+)", page[page.index("skipped-list") : page.index("warning-list")])
    assert skipped == ["3", "5", "7", "9"]
    ninth = re.search(r"line 9(.*?)</li>", page, re.S).group(1)
    assert "a matching answer is written" in html.unescape(ninth)  # its error is on line 11
    assert "missing &#39;{&#39; or &#39;}&#39; around the answers" in page
    assert "has 2 correct options" in page  # the warning
    assert "## {#zwei-richtige type=single}" in hidden_source(page)
    assert 'class="preview-question"' in page
    assert draft_count(app) == 0  # a preview saves nothing


def test_saving_the_import_makes_a_draft_not_a_revision(app, editor):
    before = quiz_revisions(app)
    page = upload(editor.client, "moodle-export.gift", (DATA / "moodle-export.gift").read_bytes())
    source = hidden_source(page.get_data(as_text=True))
    response = editor.client.post(IMPORT + "/save", data={"source": source, "save": "x"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(file_url("quiz", "de"))
    assert quiz_revisions(app) == before
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        assert (draft.kind, draft.lang, draft.source) == ("quiz", "de", source)
    assert textarea(editor.open().get_data(as_text=True)) == source  # the editor opens the draft


def test_aiken_and_markdown_uploads_are_recognised(editor):
    aiken = upload(editor.client, "aiken-recovery.txt", (DATA / "aiken-recovery.txt").read_bytes())
    page = html.unescape(aiken.get_data(as_text=True))
    assert "Questions converted: 3 · left out: 2" in page
    stray = page[page.index("Lines that were not read") : page.index("The quiz file it becomes")]
    assert "line 5: an option comes before any question text" in re.sub(r"<[^>]+>|\s+", " ", stray).replace(
        "  ", " "
    )
    md = upload(editor.client, "partly-broken.de.md", (DATA / "partly-broken.de.md").read_bytes())
    page = md.get_data(as_text=True)
    assert "Questions converted: 2 · left out: 1" in html.unescape(page)
    assert "title: Teilweise fehlerhaft" in hidden_source(page)


def test_gbk_file_is_read_with_a_warning_naming_the_encoding(editor):
    page = upload(editor.client, "aiken-gbk.txt", (DATA / "aiken-gbk.txt").read_bytes()).get_data(
        as_text=True
    )
    assert "Chinese GB18030 (GBK)" in page
    assert "Questions converted: 2" in html.unescape(page)


JUNK = {
    "binary": ("bank.gift", random.Random(19).randbytes(3000) + b"\x00", "NUL characters"),
    "latin-1": ("bank.gift", "Frage {=Gr\u00fc\u00dfe ~nein}".encode("latin-1"), "not UTF-8"),
    "utf-16": ("bank.txt", "Q\nA) x\nB) y\nANSWER: A".encode("utf-16"), "UTF-16"),
    "empty": ("bank.gift", b"  \n", "The file is empty."),
    "extension": ("bank.docx", b"PK\x03\x04", "this file is called bank.docx"),
    "no questions": ("bank.gift", b"// only a comment\n", "no question in this file could be converted"),
    "too large": ("bank.gift", b"x" * 1_000_001, "at most 1000 KB"),
    "no file": ("", b"", "Please choose a quiz file."),
}


@pytest.mark.parametrize("case", JUNK, ids=list(JUNK))
def test_junk_uploads_get_a_clear_message(app, editor, case):
    name, data, expected = JUNK[case]
    response = upload(editor.client, name, data)
    assert response.status_code == 422
    assert expected in html.unescape(response.get_data(as_text=True))
    assert draft_count(app) == 0


def test_a_garbled_save_is_refused_with_a_message(app, editor):
    response = editor.client.post(IMPORT + "/save", data={"source": "x\x00y", "save": "x"})
    assert response.status_code == 422
    assert "not allowed here" in html.unescape(response.get_data(as_text=True))
    assert draft_count(app) == 0


def test_forms_need_the_csrf_token(app, editor):
    assert upload(editor.client, "a.gift", b"Q {T}", csrf=False).status_code == 400
    response = editor.client.post(IMPORT + "/save", data={"source": "---\ntitle: x\n---\n"}, csrf=False)
    assert response.status_code == 400
    assert draft_count(app) == 0


@pytest.mark.parametrize("email", [PARTICIPANT, OTHER_TRAINER])
def test_only_the_course_trainers_and_admins_may_import(app, client, auth, assigned, email):
    auth.login(email)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, "a.gift", b"Q {T}").status_code == 403
    assert client.post(IMPORT + "/save", data={"source": "---\ntitle: x\n---\n"}).status_code == 403
    assert draft_count(app) == 0


def test_admins_may_import_and_unknown_files_are_404(client, auth, assigned):
    auth.login(ADMIN)
    assert client.get(IMPORT).status_code == 200
    assert client.get(file_url("quiz", "fr") + "/import").status_code == 404
    assert client.get("/trainer/courses/sample/nope/quiz/de/import").status_code == 404


def test_editor_and_course_page_link_to_the_import(editor):
    assert f'href="{IMPORT}"' in editor.open().get_data(as_text=True)
    assert f'href="{IMPORT}"' not in editor.open("module").get_data(as_text=True)
    assert f'href="{IMPORT}"' in editor.client.get("/trainer/courses/sample").get_data(as_text=True)


def test_the_import_preview_speaks_the_trainers_language(app, client, auth, assigned):
    with app.app_context():
        from app.auth.models import User

        db.session.get(User, assigned).locale = "zh"
        db.session.commit()
    auth.login("trainer@example.org")
    page = html.unescape(
        upload(client, "broken.gift", (DATA / "broken.gift").read_bytes()).get_data(as_text=True)
    )
    assert "此题因有错误而被略过" not in page  # the "left out" notes are the list itself, not repeated
    assert "答案两侧缺少 '{' 或 '}'" in page
    assert "单选题 'zwei-richtige' 有 2 个正确选项" in page
    assert "has 2 correct options" not in page


def test_the_editor_check_speaks_the_trainers_language(app, client, auth, assigned, sample):
    with app.app_context():
        from app.auth.models import User

        db.session.get(User, assigned).locale = "de"
        db.session.commit()
    auth.login("trainer@example.org")
    text = (sample / "basics" / "quiz.de.md").read_text(
        encoding="utf-8"
    ) + "\n## {#neu type=single}\nFrage?\n"
    page = html.unescape(
        client.post(file_url("quiz", "de"), data={"source": text, "preview": "x"}).get_data(as_text=True)
    )
    assert "Frage 'neu' hat keine Optionen: Fügen Sie Zeilen wie '- [x] a) text' hinzu" in page
    assert "has no options" not in page


def test_a_gift_file_without_category_keeps_the_quizs_title(app, editor):
    page = upload(editor.client, "fragen.gift", b"::a::Frage?{=ja ~nein}\n").get_data(as_text=True)
    source = hidden_source(page)
    with app.app_context():
        from app.authoring.services import FileRef, published_text
        from app.courses.models import Course

        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        module = next(m for m in course.modules if m.slug == "basics")
        title = published_text(FileRef(course, module, "quiz", "de")).title
    assert f"title: {title}" in source
    categorised = upload(
        editor.client, "fragen.gift", b"$CATEGORY: $course$/top/Neu\n\n::a::Frage?{=ja ~nein}\n"
    )
    assert "title: Neu" in hidden_source(categorised.get_data(as_text=True))


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bank.docx", b"PK\x03\x04", "只能导入 GIFT（.gift）、Aiken（.txt）和测验 Markdown（.md）文件"),
        ("bank.gift", b"\x00\x01binary", "文件含有 NUL 字符"),
        ("bank.gift", "Frage {=Grüße ~nein}".encode("latin-1"), "文件不是 UTF-8 编码"),
    ],
)
def test_junk_is_explained_in_chinese_to_a_chinese_trainer(app, client, auth, assigned, name, data, expected):
    with app.app_context():
        from app.auth.models import User

        db.session.get(User, assigned).locale = "zh"
        db.session.commit()
    auth.login("trainer@example.org")
    response = upload(client, name, data)
    assert response.status_code == 422
    assert expected in html.unescape(response.get_data(as_text=True))
