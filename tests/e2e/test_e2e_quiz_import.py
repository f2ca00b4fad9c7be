"""A trainer imports a Moodle GIFT file in the browser: preview with a warning, saved as the quiz's draft,
found again in the editor (nothing is published)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.site import TRAINER

COURSE, MODULE = "sino-german-culture", "relationships-and-face"
EDITOR = f"/trainer/courses/{COURSE}/{MODULE}/quiz/de"
GIFT = """// Kulturfragen für den Import
::gesicht::Was bedeutet „Gesicht geben“ (给面子)?{
=Jemandem vor anderen Anerkennung zeigen
~Jemanden offen kritisieren
~Ein Geschenk ablehnen
}

::guanxi::Beziehungen (关系) entstehen vor allem durch …{=Vertrauen und gegenseitige Gefälligkeiten ~Verträge allein}

::bankett::Beschreiben Sie ein Geschäftsbankett.{}
"""


def test_trainer_imports_a_gift_file_as_a_draft(visitor, tmp_path):
    upload = tmp_path / "kultur.gift"
    upload.write_text(GIFT, encoding="utf-8")
    trainer = visitor()
    trainer.login(TRAINER)
    trainer.set_language("en")
    page = trainer.page
    trainer.open_from_trainer_home(COURSE, f"{EDITOR}/import")

    page.locator("#upload").set_input_files(str(upload))
    trainer.follow(page.locator("#convert"))
    expect(page.locator(".check-summary")).to_contain_text(
        "Questions converted: 2 · left out: 0 · warnings: 1"
    )
    expect(page.locator(".warning-list")).to_contain_text("line 10")
    expect(page.locator(".warning-list")).to_contain_text("essay question skipped")
    expect(page.locator(".preview-question")).to_have_count(2)
    expect(page.locator(".preview-panel")).to_contain_text("Jemandem vor anderen Anerkennung zeigen")
    expect(page.locator("pre.import-markdown")).to_contain_text("## {#gesicht type=single}")
    trainer.screenshot("en", "trainer-quiz-import-preview")

    trainer.follow(page.locator("#save"))
    assert trainer.path() == EDITOR
    assert "saved as a draft" in trainer.flash()
    expect(page.locator("#source")).to_have_value(re.compile(r"## \{#guanxi type=single\}"))
    expect(page.locator(".notice")).to_contain_text("A draft of this file was saved by")

    trainer.follow(page.locator(f"main a[href='/trainer/courses/{COURSE}']"))
    row = page.locator("tr", has=page.locator(f"a[href='{EDITOR}']"))
    expect(row).to_contain_text(f"saved by {TRAINER.name}")
