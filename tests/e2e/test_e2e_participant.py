"""A participant's whole journey in the Chinese interface: register, confirm the address from the mail,
take a course from the first module to the last quiz, download the certificate and open its verification
page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml
from playwright.sync_api import expect

from tests.e2e.quiz import COURSES, answer_key, fill_in
from tests.e2e.site import Account

#: The participant takes this course in Chinese, every module in the order course.yaml lists them.
COURSE = "market-entry-china"
MODULES = tuple(yaml.safe_load(Path(COURSES, COURSE, "course.yaml").read_text(encoding="utf-8"))["modules"])
NEWCOMER = Account("zhang.xiaoming@example.org", "e2e-newcomer-2026", "Zhang Xiaoming")
NAME_ZH = "张晓明"
COURSE_TITLE_ZH = "生命科学企业进入中国市场"  # courses/market-entry-china/course.yaml
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_participant_registers_in_chinese_completes_a_course_and_verifies_the_certificate(visitor, tmp_path):
    person = visitor()  # a German browser: the Chinese interface is chosen in the menu
    page = person.page
    person.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    person.set_language("zh")

    # Register; the language field is preset to the interface language.
    person.follow(page.locator("header a[href='/register']"))
    expect(page.locator("#locale")).to_have_value("zh")
    page.locator("#email").fill(NEWCOMER.email)
    page.locator("#name").fill(NEWCOMER.name)
    page.locator("#name_zh").fill(NAME_ZH)
    page.locator("#password").fill(NEWCOMER.password)
    page.locator("#confirm").fill(NEWCOMER.password)
    person.follow(page.locator("#submit"))
    expect(page.locator("main h1")).to_have_text(CJK)
    expect(page.locator("main")).to_contain_text(NEWCOMER.email)

    # The confirmation mail is in Chinese and holds a link to this server.
    mail = person.server.mail_to(NEWCOMER.email)[-1]
    assert CJK.search(mail.get_body(preferencelist=("plain",)).get_content())
    link = person.server.link_in_mail(NEWCOMER.email)
    assert link.startswith(person.server.base_url + "/confirm/")
    person.goto(link)
    assert person.path().startswith("/login")
    expect(page.locator(".flash-success")).to_be_visible()
    person.login(NEWCOMER)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    # From the catalogue into the course, then module by module.
    person.follow(page.locator("header nav a[href='/courses']"))
    person.screenshot("zh", "journey-1-catalogue")
    person.follow(page.locator(f"main a[href='/courses/{COURSE}']").first)
    expect(page.locator("main h1")).to_have_text(CJK)
    for number, module in enumerate(MODULES, start=1):
        # "Start the course" / "Continue where I left off" leads to the next module to do.
        person.follow(page.locator(f"main a.button[href='/courses/{COURSE}/{module}']"))
        expect(page.locator("main article h1")).to_have_text(CJK)
        if number == 1:
            person.screenshot("zh", "journey-2-module", full_page=False)
        person.follow(page.locator(f"a.button[href='/courses/{COURSE}/{module}/quiz']"))
        if number == 1:
            person.screenshot("zh", "journey-3-quiz")
        fill_in(page, answer_key(COURSE, module, "zh"))
        person.follow(page.locator("main form button[type=submit]"))
        expect(page.locator(".result-summary")).to_have_class(re.compile(r"\bresult-pass\b"))
        if number == 1:
            person.screenshot("zh", "journey-4-result")
        person.follow(page.locator(f"main .actions a[href='/courses/{COURSE}']"))

    expect(page.locator("main .flash-success")).to_be_visible()  # "You completed this course on …"

    # The certificate: issued on completion (or on request), downloaded as a signed PDF.
    person.follow(page.locator("header nav a[href='/certificates']"))
    issue = page.locator(f"#course-{COURSE} form button[type=submit]")
    if issue.count():
        person.follow(issue)
    card = page.locator(f"article.cert-card:has(#course-{COURSE})")
    for _ in range(40):  # a job issues it once the completion has committed: "being prepared" until then
        if card.count():
            break
        page.wait_for_timeout(500)
        person.goto("/certificates")
    expect(card).to_be_visible()
    public_id = card.locator("dd code").first.inner_text()
    with page.expect_download() as download:
        card.locator(f"a[href='/certificates/{public_id}/pdf']").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    # A Chinese certificate: both names, the Chinese course title, the ID that the verification page knows.
    assert NAME_ZH in text.stdout and NEWCOMER.name in text.stdout, text.stdout
    assert COURSE_TITLE_ZH in text.stdout, text.stdout
    assert public_id in text.stdout

    # Its verification page, as an employer would open it.
    person.follow(card.locator(f"a[href$='/verify/{public_id}']"))
    assert person.path() == f"/verify/{public_id}"
    expect(page.locator("main")).to_contain_text(NEWCOMER.name)
    expect(page.locator("main")).to_contain_text(public_id)
    expect(page.locator("main #verdict.verdict-valid")).to_be_visible()
    person.screenshot("zh", "journey-5-verification")
    # The downloaded file itself passes the check on that page (signature and our records).
    page.locator("form.cert-upload input[type=file]").set_input_files(pdf)
    person.follow(page.locator("form.cert-upload [type=submit]"))
    expect(page.locator("#verdict")).to_have_attribute(
        "data-verdict", "valid"
    )  # the file's verdict, in place
    expect(page.locator("[data-verdict]")).to_have_count(1)
