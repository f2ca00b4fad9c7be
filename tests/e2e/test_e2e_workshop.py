"""From /workshops to the blended certificate: the trainer publishes a workshop starting in half an hour
through the form, a participant registers, finds the calendar entry in the mail, is checked in by the
trainer on the phone page, passes the course's quizzes and downloads the signed blended certificate, which
the verification page accepts."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.quiz import COURSES, answer_key, fill_in
from tests.e2e.site import TRAINER, WORKSHOP_USER

TITLE = "Verhandeln vor Ort – Workshoptag"
COURSE = "sino-german-culture"
COURSE_YAML = yaml.safe_load(Path(COURSES, COURSE, "course.yaml").read_text(encoding="utf-8"))
MODULES = tuple(COURSE_YAML["modules"])
#: The course's title in any language: the trainer's interface language depends on the tests before.
COURSE_TITLES = {str(title).strip() for title in COURSE_YAML["title"].values()}


def test_register_attend_pass_and_download_the_blended_certificate(visitor, tmp_path):
    # The trainer publishes the workshop (Berlin time: it starts in half an hour, check-in is open).
    trainer = visitor(viewport={"width": 390, "height": 844})
    trainer.login(TRAINER)
    trainer.goto("/workshops/new")
    form = trainer.page
    starts = datetime.now(ZoneInfo("Europe/Berlin")).replace(second=0, microsecond=0) + timedelta(minutes=30)
    for field, value in (
        ("title_de", TITLE), ("title_en", "Negotiating on site – workshop day"), ("title_zh", "现场谈判——研讨会日"),
        ("venue", "BIO.NRW, Merowingerplatz 1a, 40225 Düsseldorf"), ("timezone", "Europe/Berlin"),
        ("starts", f"{starts:%Y-%m-%dT%H:%M}"), ("ends", f"{starts + timedelta(hours=7):%Y-%m-%dT%H:%M}"),
        ("capacity", "12"), ("cpd_hours", "7"),
    ):  # fmt: skip
        form.locator(f"#{field}").fill(value)
    offered = [text.strip() for text in form.locator("#certificate_course option").all_inner_texts()]
    form.locator("#certificate_course").select_option(label=next(t for t in offered if t in COURSE_TITLES))
    trainer.follow(form.locator("#submit"))
    workshop_id = int(re.fullmatch(r"/workshops/(\d+)", trainer.path()).group(1))
    expect(trainer.page.locator(".flash-success")).to_be_visible()
    trainer.screenshot("zh", "workshop-0-published")

    person = visitor()
    page = person.page
    person.login(WORKSHOP_USER)

    # The calendar, the workshop, registration.
    person.goto("/workshops")
    person.follow(page.get_by_role("link", name=TITLE))
    assert person.path() == f"/workshops/{workshop_id}"
    expect(page.locator("main")).to_contain_text("Merowingerplatz")
    person.follow(page.locator(f"form[action='/workshops/{workshop_id}/register'] button"))
    expect(page.locator(".flash-success")).to_be_visible()
    person.screenshot("de", "workshop-1-registered")

    # The confirmation carries the event for the calendar: stable UID, the workshop's zone, SEQUENCE.
    mail = person.server.mail_to(WORKSHOP_USER.email)[-1]
    parts = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "no .ics in the confirmation"
    event = Calendar.from_ical(parts[0].get_content().encode()).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(f"workshop-{workshop_id}@")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin" and "SEQUENCE" in event
    assert str(event["SUMMARY"]) == TITLE

    # The trainer checks the participant in on the phone page.
    trainer.goto(f"/workshops/{workshop_id}/attendance?q=werkstatt")
    row = trainer.page.locator("ul.checkin-list li", has_text=WORKSHOP_USER.email)
    trainer.follow(row.locator("button"))
    expect(
        trainer.page.locator("ul.checkin-list li", has_text=WORKSHOP_USER.email).locator("strong")
    ).to_be_visible()
    trainer.screenshot("zh", "workshop-2-check-in")

    # The participant prepares with the course and passes every quiz.
    person.goto(f"/courses/{COURSE}")
    for module in MODULES:
        person.follow(page.locator(f"main a.button[href='/courses/{COURSE}/{module}']"))
        person.follow(page.locator(f"a.button[href='/courses/{COURSE}/{module}/quiz']"))
        fill_in(page, answer_key(COURSE, module, "de"))
        person.follow(page.locator("main form button[type=submit]"))
        expect(page.locator(".result-summary")).to_have_class(re.compile(r"\bresult-pass\b"))
        person.follow(page.locator(f"main .actions a[href='/courses/{COURSE}']"))

    # The blended certificate is there beside the attendance certificate; download and read it.
    person.goto("/certificates")
    card = page.locator(f"article.cert-card:has(#workshop-{workshop_id}-blended)")
    expect(card).to_be_visible()
    expect(page.locator(f"article.cert-card:has(#workshop-{workshop_id}-attendance)")).to_be_visible()
    person.screenshot("de", "workshop-3-certificates")
    public_id = card.locator("dd code").first.inner_text()
    with page.expect_download() as download:
        card.locator(f"a[href='/certificates/{public_id}/pdf']").click()
    pdf = tmp_path / "blended.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    for expected in ("Zertifikat Blended Learning", WORKSHOP_USER.name, TITLE, "Düsseldorf", public_id):
        assert expected in text.stdout, (expected, text.stdout)

    # The verification page knows it, and accepts the downloaded file.
    person.follow(card.locator(f"a[href$='/verify/{public_id}']"))
    expect(page.locator("main #verdict.verdict-valid")).to_be_visible()
    page.locator("form.cert-upload input[type=file]").set_input_files(pdf)
    person.follow(page.locator("form.cert-upload [type=submit]"))
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "valid")
