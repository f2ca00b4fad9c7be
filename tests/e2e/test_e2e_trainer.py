"""A trainer corrects a quiz question in the browser editor and publishes it; learners see the correction.

The trainer's browser runs no script: the page is the plain form with its textarea (the editor with inline
checks is tests/e2e/test_e2e_editor.py)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.site import PARTICIPANT, TRAINER

COURSE, MODULE = "ip-china", "trademarks"
EDITOR = f"/trainer/courses/{COURSE}/{MODULE}/quiz/de"
#: The first question says "your word mark is registered in the EU"; the fix names the kind of mark.
BEFORE = "In der EU ist Ihre Wortmarke eingetragen"
AFTER = "In der EU ist Ihre Wortmarke als Unionsmarke eingetragen"


def test_trainer_fixes_a_question_and_the_quiz_shows_it(visitor):
    trainer = visitor(javascript=False)
    trainer.login(TRAINER)
    trainer.set_language("en")
    page = trainer.page
    trainer.open_from_trainer_home(COURSE, EDITOR)

    source = page.locator("#source")
    expect(source).to_be_visible()  # the textarea itself, no script-made editor
    text = source.input_value()
    assert text.count(BEFORE) == 1
    source.fill(text.replace(BEFORE, AFTER))
    trainer.follow(page.locator("#preview"))
    expect(page.locator(".check-summary")).to_have_class(re.compile(r"\bno-errors\b"))
    expect(page.locator(".preview-panel")).to_contain_text(AFTER)
    trainer.screenshot("en", "trainer-editor-preview")

    trainer.follow(page.locator("#publish"))
    assert trainer.path() == EDITOR
    expect(page.locator(".flash-success")).to_contain_text("2")  # "Published as revision 2."
    expect(page.locator("#source")).to_have_value(re.compile(re.escape(AFTER)))

    learner = visitor()
    learner.login(PARTICIPANT)
    learner.set_language("de")
    learner.goto(f"/courses/{COURSE}/{MODULE}")
    learner.follow(learner.page.locator(f"a.button[href='/courses/{COURSE}/{MODULE}/quiz']"))
    question = learner.page.locator("#question-first-step .question-text")
    expect(question).to_contain_text(AFTER)
    expect(question).not_to_contain_text(BEFORE + ".")
