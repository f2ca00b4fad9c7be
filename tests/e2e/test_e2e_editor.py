"""A trainer edits a quiz in the browser editor (CodeMirror): a mistake typed into the text is marked at
its line while typing, the fix clears it, and "Save draft" stores exactly what was typed.

The German interface; the checker's own words are English. The page's CSP is the usual one plus a style
nonce for CodeMirror's theme: a blocked style or script would be a console error, which fails the test.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.axe import BLOCKING, describe, violations
from tests.e2e.site import TRAINER

COURSE, MODULE = "market-entry-china", "data-and-genetic-resources"
EDITOR = f"/trainer/courses/{COURSE}/{MODULE}/quiz/en"
HEADING = "## {#export-health-data type=single points=1}"
CORRECT = (
    "- [x] d) A standard contract or certification, plus notice, separate consent and an impact assessment."
)
#: The mistake: the question's only correct option unticked.
WRONG = CORRECT.replace("- [x]", "- [ ]")
#: The change the trainer saves in the end.
CHANGED = CORRECT.replace("impact assessment.", "impact assessment (PIPIA).")


def retype(page, line_text: str, new_text: str) -> None:
    """Click into the editor's line showing ``line_text`` and type ``new_text`` over it, key by key."""
    page.locator(".cm-content .cm-line", has_text=line_text).click()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(new_text)


def test_trainer_sees_a_typed_mistake_at_its_line_fixes_it_and_saves(visitor):
    trainer = visitor()
    trainer.login(TRAINER)
    trainer.set_language("de")
    page = trainer.page
    trainer.open_from_trainer_home(COURSE, EDITOR)

    editor = page.locator("#source-cm .cm-content")
    expect(editor).to_be_visible()
    expect(page.locator("#source")).to_be_hidden()  # still in the form, filled by the editor
    expect(editor).to_have_attribute("aria-labelledby", "source-label")
    status = page.locator("#source-status")
    expect(status).to_contain_text("Fehler: 0")  # the check on opening: the published text is fine
    original = page.locator("#source").input_value()
    line = original.split("\n").index(HEADING) + 1

    retype(page, CORRECT, WRONG)
    mark = page.locator(".cm-lintRange-error")
    expect(mark).to_have_count(1)
    expect(status).to_contain_text("Fehler: 1")
    # The mark is on the question's heading, and that is the line the checker names.
    expect(page.locator(".cm-line", has=mark)).to_have_text(HEADING)
    page.keyboard.press("Control+Home")
    page.keyboard.press("F8")  # the next problem, by keyboard
    expect(page.locator(".cm-activeLineGutter").first).to_have_text(str(line))
    page.keyboard.press("Control+Shift+M")  # the list of problems
    panel = page.get_by_role("listbox", name="Probleme in dieser Datei")  # CodeMirror's words, translated
    expect(panel).to_be_focused()
    # The checker speaks the interface language too.
    expect(panel.get_by_role("option")).to_have_text(
        re.compile(r"^Fehler: .*mindestens eine mit \[x\] markierte richtige")
    )
    trainer.screenshot("de", "trainer-editor-inline-check")
    serious = [describe(v) for v in violations(page) if v["impact"] in BLOCKING]
    assert not serious, "axe, with a problem marked and listed:\n" + "\n".join(serious)

    page.keyboard.press("Escape")  # closes the list, back in the text
    retype(page, WRONG, CHANGED)
    expect(mark).to_have_count(0)
    expect(status).to_contain_text("Fehler: 0")
    typed = original.replace(CORRECT, CHANGED)
    assert page.locator("#source").input_value() == typed

    trainer.follow(page.locator("#save"))
    expect(page.locator(".flash-success")).to_contain_text("Entwurf gespeichert")
    trainer.goto(EDITOR)  # opened afresh: the editor shows the saved draft
    assert page.locator("#source").input_value() == typed
    expect(page.locator(".cm-content")).to_contain_text(CHANGED)
