"""Hostile and broken input to the editor: never a 500, never published, always a clear message."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select

from app.authoring.forms import source_problem
from app.courses.models import Module
from app.extensions import db
from tests.fixtures.authoring import (
    PARTICIPANT,
    draft_count,
    file_url,
    module_revisions,
    quiz_revisions,
    read,
    textarea,
)

XSS = """
<script>alert("xss")</script>

[click me](javascript:alert(1)) and [also](JaVaScRiPt:alert(4))

<img src=x onerror=alert(2)>

<a href="javascript:alert(3)" onclick="alert(5)">raw link</a>

<iframe src="https://evil.example/"></iframe>
"""


def assert_harmless(html: str) -> None:
    """No script, handler, frame or javascript: URL (the words may remain as harmless text)."""
    lowered = html.lower().replace('<script src="/static/js/ui.js" defer></script>', "")  # our header menu
    for bad in ("<script", "onerror=", "onclick=", "<iframe", "evil.example", "<img src=x"):
        assert bad not in lowered, bad
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", lowered)


def preview_part(page: str) -> str:
    return page[page.index('id="preview-heading"') :]


def test_script_and_javascript_links_are_removed_from_the_preview(editor, sample):
    text = read(sample, "module.de.md") + XSS
    page = editor.send("preview", text, kind="module").get_data(as_text=True)
    assert_harmless(preview_part(page))
    assert "<script>alert" not in page  # the textarea shows the source escaped
    assert "&lt;script&gt;alert" in page
    assert "raw link" in preview_part(page)


def test_script_in_a_quiz_is_removed_from_the_preview(editor, sample):
    text = read(sample, "quiz.en.md").replace(
        "Who, as a rule, obtains", "<script>alert(1)</script>[x](javascript:alert(2)) Who, as a rule, obtains"
    )
    page = editor.send("preview", text, lang="en").get_data(as_text=True)
    assert "Who, as a rule, obtains" in preview_part(page)
    assert_harmless(preview_part(page))


def test_published_markdown_is_sanitised_for_learners(app, client, auth, editor, sample):
    text = read(sample, "module.de.md") + XSS
    response = editor.send("publish", text, kind="module")
    assert response.status_code == 302
    assert module_revisions(app) == [1, 2]
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        stored = next(t for t in module.published_revision().texts if t.lang == "de")
        assert stored.source == text  # the file as written, for export
        assert_harmless(stored.html)
    auth.logout()
    auth.login(PARTICIPANT)
    page = client.get("/courses/sample/basics").get_data(as_text=True)
    assert "raw link" in page
    assert_harmless(page)


def test_a_2_mb_textarea_is_refused_with_a_message(app, editor, sample):
    text = read(sample, "module.de.md") + "x" * (2 * 1024 * 1024)
    for action in ("preview", "save", "publish"):
        response = editor.send(action, text, kind="module")  # urlencoded: reaches the form's own limit
        assert response.status_code == 422
        assert "The text is too long (2" in response.get_data(as_text=True)
    assert module_revisions(app) == [1] and draft_count(app) == 0


def test_a_2_mb_multipart_textarea_is_refused_with_a_message(app, client, editor, sample):
    """The editor's form is multipart (as browsers send it); the server refuses the large part itself."""
    text = read(sample, "module.de.md") + "x" * (2 * 1024 * 1024)
    for action in ("preview", "save", "publish"):
        data = {"source": text, action: action}
        response = client.post(file_url("module", "de"), data=data, content_type="multipart/form-data")
        assert response.status_code == 413
        page = response.get_data(as_text=True)
        assert "The text you sent is too large" in page and "at most 500 KB" in page
    assert module_revisions(app) == [1] and draft_count(app) == 0


def test_the_editor_limit_applies_when_the_server_accepts_larger_forms(
    app, client, editor, sample, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 8 * 1024 * 1024)
    text = read(sample, "module.de.md") + "中" * 200_000  # 600 KB of UTF-8
    data = {"source": text, "save": "Save"}
    response = client.post(file_url("module", "de"), data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "The text is too long (" in response.get_data(as_text=True)
    assert textarea(response.get_data(as_text=True)) == text  # nothing the trainer typed is lost
    assert draft_count(app) == 0


def raw_post(client, url: str, body: bytes, content_type: str):  # type: ignore[no-untyped-def]
    return client.post(url, data=body, content_type=content_type)


def test_binary_junk_is_refused(app, client, editor, sample):
    junk = bytes(range(256)) * 4 + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    form = urlencode({"csrf_token": client.csrf_token(), "save": "Save"})
    body = f"{form}&source={quote(junk)}".encode()
    response = raw_post(client, file_url(), body, "application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert "Line 1 contains a character that is not allowed" in response.get_data(as_text=True)
    assert draft_count(app) == 0 and quiz_revisions(app) == [1]


def test_raw_non_utf8_bytes_in_a_urlencoded_form_are_refused(app, client, editor, sample):
    body = b"csrf_token=" + client.csrf_token().encode() + b"&save=Save&source=---\ntitle: Gr\xfc\xdfe\n---\n"
    response = raw_post(client, file_url(), body, "application/x-www-form-urlencoded")
    assert response.status_code == 400  # the form cannot be read at all
    assert draft_count(app) == 0


def test_invalid_utf8_in_a_multipart_form_is_refused(app, client, editor, sample):
    boundary = "XyZ"
    token = client.csrf_token()
    parts = [
        (b"csrf_token", token.encode()),
        (b"publish", b"Publish"),
        (b"source", b"---\ntitle: Gr\xfc\xdfe\n---\n\nText\n"),  # Latin-1, not UTF-8
    ]
    body = (
        b"".join(
            b'--XyZ\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n"
            for name, value in parts
        )
        + b"--XyZ--\r\n"
    )
    response = raw_post(client, file_url("module", "de"), body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422
    assert "Line 2 contains a character that is not allowed" in response.get_data(as_text=True)
    assert module_revisions(app) == [1]


@pytest.mark.parametrize("text", ["", "   \n\n\t  \r\n"])
def test_an_empty_file_is_refused(app, editor, sample, text):
    for action in ("preview", "save", "publish"):
        response = editor.send(action, text)
        assert response.status_code == 422
        assert "The file is empty." in response.get_data(as_text=True)
    assert draft_count(app) == 0 and quiz_revisions(app) == [1]


def test_a_form_without_the_source_field_is_refused(app, client, editor, sample):
    response = client.post(file_url(), data={"publish": "Publish"})
    assert response.status_code == 422
    assert quiz_revisions(app) == [1]


def test_a_missing_csrf_token_changes_nothing(app, client, editor, sample):
    text = read(sample, "quiz.de.md").replace("Grundlagen – Quiz", "Neu")
    for action in ("save", "publish"):
        response = client.post(file_url(), data={"source": text, action: "x"}, csrf=False)
        assert response.status_code == 400
    assert draft_count(app) == 0 and quiz_revisions(app) == [1]


@pytest.mark.parametrize(
    "url",
    [
        "/trainer/courses/sample/basics/quiz/fr",
        "/trainer/courses/sample/basics/quiz/../de",
        "/trainer/courses/sample/basics/QUIZ/de",
        "/trainer/courses/sample/basics/course/de",
        "/trainer/courses/sample/images/module/de",
        "/trainer/courses/nope/basics/quiz/de",
    ],
)
def test_posting_to_a_file_that_is_not_in_the_course_is_404(app, client, editor, sample, url):
    response = client.post(url, data={"source": "---\ntitle: x\n---\n", "publish": "Publish"})
    assert response.status_code == 404
    assert quiz_revisions(app) == [1]


def test_a_garbled_revision_field_does_not_break_publishing(app, editor, sample):
    response = editor.send("publish", read(sample, "quiz.de.md"), base="1e9999")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "body",
    [
        "[" * 50_000,
        "> " * 5_000 + "deep",
        "- " * 5_000 + "list",
        "*" * 100_000,
        "|a|b|\n|-|-|\n" + "|x|y|\n" * 5_000,
        ":::note\n" * 2_000,
        "\u202e\u200b\ufeff" * 1_000 + "😀" * 1_000,
    ],
)
def test_pathological_markdown_is_checked_without_crashing(app, editor, sample, body):
    text = "---\ntitle: T\nduration_minutes: 5\n---\n\n" + body + "\n"
    response = editor.send("preview", text, kind="module")
    assert response.status_code == 200
    assert module_revisions(app) == [1]


def test_unicode_survives_a_draft(app, editor, sample):
    text = read(sample, "module.zh.md").replace("知识产权具有地域性", "知识产权具有地域性（草稿）😀")
    editor.send("save", text, kind="module", lang="zh")
    assert editor.source("module", "zh") == text


def test_source_problem_messages():
    assert source_problem("---\ntitle: ok\n---\n") is None
    assert "empty" in source_problem(" \n")
    assert "Line 3" in source_problem("a\nb\nc\x07")
    assert "Line 1" in source_problem("\ufffd")
    assert source_problem("tab\tand\r\nwindows\rmac") is None
    assert "too long" in source_problem("x" * 500_001)
