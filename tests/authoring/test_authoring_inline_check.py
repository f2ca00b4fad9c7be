"""The check the browser editor runs as the trainer types: Preview answered as JSON, findings by line."""

from __future__ import annotations

from app.authoring import diagnostics
from app.authoring.services import Check, Finding
from tests.fixtures.authoring import OTHER_TRAINER, draft_count, file_url, quiz_revisions, read

JSON = {"Accept": "application/json"}
WRONG_MARK = ("- [x] b) Wer die Marke zuerst beim CNIPA", "- [ ] b) Wer die Marke zuerst beim CNIPA")


def inline_check(client, text: str, **extra):  # type: ignore[no-untyped-def]
    return client.post(file_url(), data={"source": text, "preview": "Preview", **extra}, headers=JSON)


def test_a_broken_quiz_gets_its_finding_at_its_line_and_nothing_is_stored(app, editor, sample):
    broken = read(sample, "quiz.de.md").replace(*WRONG_MARK)
    line = next(i for i, text in enumerate(broken.split("\n"), 1) if "## {#first-to-file" in text)
    response = inline_check(editor.client, broken)
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    # The source language changed: both translations are now stale (a warning each, in their files).
    assert answer["summary"] == "Errors: 1 · Warnings: 2"
    assert answer["elsewhere"] == "2 problems in other files: Preview lists them."
    [found] = answer["diagnostics"]
    assert found["line"] == line and found["severity"] == "error" and found["label"] == "Error"
    assert "at least one correct option" in found["message"] and found["lang"] == "en"
    assert quiz_revisions(app) == [1] and draft_count(app) == 0


def test_the_published_text_has_no_findings(editor, sample):
    answer = inline_check(editor.client, read(sample, "quiz.de.md")).get_json()
    assert answer["diagnostics"] == [] and answer["summary"] == "Errors: 0 · Warnings: 0"


def test_labels_and_summary_follow_the_interface_language(editor, sample):
    editor.client.post("/language", data={"lang": "de"})
    broken = read(sample, "quiz.de.md").replace(*WRONG_MARK)
    answer = inline_check(editor.client, broken).get_json()
    assert answer["summary"] == "Fehler: 1 · Warnungen: 2", answer["summary"]
    [found] = answer["diagnostics"]
    assert found["label"] == "Fehler" and found["lang"] == "de"
    assert "mindestens eine mit [x] markierte richtige" in found["message"], found["message"]


def test_a_text_the_form_refuses_is_a_finding_at_line_one(editor):
    empty = inline_check(editor.client, "  \n")
    assert empty.status_code == 422 and empty.mimetype == "application/json"
    [found] = empty.get_json()["diagnostics"]
    assert found["line"] == 1 and found["severity"] == "error" and "The file is empty" in found["message"]
    junk = inline_check(editor.client, "---\ntitle: x\n---\nok\n\x00\x07\ufffd")
    assert junk.status_code == 422
    assert "Line 5 contains a character" in junk.get_json()["diagnostics"][0]["message"]


def test_a_browser_form_still_gets_the_page(editor, sample):
    page = editor.client.post(file_url(), data={"source": read(sample, "quiz.de.md"), "preview": "Preview"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'id="check-heading"' in page.get_data(as_text=True)


def test_only_trainers_of_the_course_may_check(client, auth, assigned, sample):
    auth.login(OTHER_TRAINER)
    refused = inline_check(client, read(sample, "quiz.de.md"))
    assert refused.status_code == 403
    assert b"diagnostics" not in refused.data
    auth.logout()
    assert inline_check(client, "x").status_code in (302, 401)


def test_findings_in_other_files_are_counted_not_placed(app):
    check = Check(
        [
            Finding("basics/quiz.de.md", 4, "here", "warning", True),
            Finding("basics/quiz.en.md", 9, "a translation", "error", False),
            Finding("basics/quiz.zh.md", 9, "another", "error", False),
        ]
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        answer = diagnostics.of_check(check, "basics/quiz.de.md")
    assert [(d["line"], d["severity"], d["label"]) for d in answer["diagnostics"]] == [
        (4, "warning", "Warning")
    ]
    assert answer["elsewhere"] == "2 problems in other files: Preview lists them."
    assert answer["summary"] == "Errors: 2 · Warnings: 1"
