"""A trainer changes the German source of a module, is told which translations are now stale, opens the
history and diffs two revisions; the pages pass axe in three languages, fit a phone and are valid HTML."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e import nu
from tests.e2e.axe import BLOCKING, describe, violations
from tests.e2e.site import LANGUAGES, TRAINER
from tests.e2e.test_pages_axe import OVERFLOW_JS, PHONE

COURSE, MODULE = "ip-china", "trade-secrets-and-contracts"
EDITOR = f"/trainer/courses/{COURSE}/{MODULE}/module/de"
HEADING = "# Geschäftsgeheimnisse und IP-Klauseln in Verträgen"
#: Markup in the added line must come back as text in the diff.
ADDED = "Stand der Rechtsprechung: <b>Urteile</b> des SPC bis 2026 berücksichtigt."
#: A word changed within a line: the diff marks it.
BEFORE, AFTER = "entscheidet in der Praxis viele Verfahren", "entscheidet in der Praxis sehr viele Verfahren"


def test_trainer_publishes_the_source_and_diffs_two_revisions(visitor):
    # Without script the editor is the plain text area (test_e2e_editor.py covers the script-made editor).
    trainer = visitor(javascript=False)
    trainer.login(TRAINER)
    trainer.set_language("en")
    page = trainer.page
    trainer.open_from_trainer_home(COURSE, EDITOR)

    source = page.locator("#source")
    text = source.input_value()
    assert text.count(HEADING + "\n") == 1 and text.count(BEFORE) == 1
    source.fill(text.replace(HEADING + "\n", f"{HEADING}\n\n{ADDED}\n", 1).replace(BEFORE, AFTER))
    trainer.follow(page.locator("#publish"))
    assert trainer.path() == EDITOR
    expect(page.locator(".flashes")).to_contain_text("Published as revision 2.")
    expect(page.locator(".flashes")).to_contain_text("now follow an older source text: English, 中文")
    notice = page.locator("section[aria-labelledby='stale-heading']")
    expect(notice.locator(f"a[href='/trainer/courses/{COURSE}/{MODULE}/module/en']")).to_have_count(1)
    expect(notice.locator("a[href$='/module/de/diff?a=1&b=2']")).to_have_count(2)
    editor_page = trainer.path()

    trainer.follow(page.get_by_role("link", name="Earlier revisions"))
    history_page = trainer.path()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("published")
    expect(rows.first).to_contain_text("Li Wei")
    expect(rows.first).to_contain_text(re.compile(r"\d{1,2}/\d{1,2}/\d{4}"))
    page.get_by_label("Revision 1 as A").check()
    page.get_by_label("Revision 2 as B").check()
    trainer.follow(page.get_by_role("button", name="Compare A with B"))

    path, _sep, query = trainer.path().partition("?")
    assert path.endswith("/module/de/diff") and sorted(query.split("&")) == ["a=1", "b=2"]
    inserted = page.locator("table.diff-table tr.diff-ins ins")
    expect(inserted.filter(has_text=ADDED)).to_have_count(1)
    expect(page.locator("table.diff-table tr.diff-del")).to_have_count(1)
    expect(page.locator("tr.diff-ins mark.diff-word")).to_have_text(" sehr")
    expect(page.locator("main")).to_contain_text("3 lines added · 1 line removed")
    trainer.screenshot("en", "revision-diff")
    diff_page = trainer.path()

    # The translator's view: the English history names the German revision it translates.
    trainer.goto(f"/trainer/courses/{COURSE}/{MODULE}/module/en/revisions")
    expect(page.locator("main table tbody tr").first).to_contain_text("stale translation")
    trainer.follow(page.get_by_role("link", name="Source changes since").first)
    assert trainer.path().endswith("/module/de/diff?a=1&b=2")

    problems = []
    checker = visitor()
    checker.login(TRAINER)
    for lang in LANGUAGES:
        checker.set_language(lang)
        for path in (editor_page, history_page, diff_page):
            checker.goto(path)
            found = violations(checker.page)
            problems += [f"{lang} {path}: {describe(v)}" for v in found if v["impact"] in BLOCKING]
    assert not problems, "\n".join(problems)

    phone = visitor(viewport=PHONE)
    phone.login(TRAINER)
    phone.set_language("de")
    for path in (history_page, diff_page):
        phone.goto(path)
        reflow = phone.page.evaluate(OVERFLOW_JS)
        assert reflow["scrollWidth"] <= reflow["width"], f"{path}: {reflow}"

    pages = nu.kept(f"/trainer/courses/{COURSE}/{MODULE}/")
    assert len(pages) >= 9, pages  # the editor, the history and the diff in three languages at least
    errors = nu.check(pages)
    assert not errors, nu.summary(errors)
