"""Accessibility: axe-core on every main page in German, English and Chinese; no serious or critical finding.

One test per kind of visitor (each page needs someone allowed to see it); each signs in once and goes
through its pages in the three languages. All findings are collected before the test fails, so one run
shows every problem. Key pages are saved as screenshots in each language.

The same pages are then checked on a 320 px wide screen (in German): axe again, and no page may scroll
sideways (WCAG 1.4.10).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import BLOCKING, describe, violations
from tests.e2e.quiz import answer_key, fill_in
from tests.e2e.site import ADMIN, LANGUAGES, MANAGER, PARTICIPANT, PARTICIPANT_ZH, TRAINER, Account, Visitor

QUIZ_COURSE = "sino-german-culture"
#: One module per language: the course allows three attempts per quiz, and the phone walk (German) takes the
#: German module's quiz a second time.
QUIZ_MODULES = {
    "de": "relationships-and-face",
    "en": "hierarchy-and-communication",
    "zh": "negotiation-meetings-banquets",
}


def take_quiz(person: Visitor, lang: str) -> None:
    """Open the quiz (a new attempt in LANG) and leave it on the page."""
    person.goto(f"/courses/{QUIZ_COURSE}/{QUIZ_MODULES[lang]}/quiz")
    expect(person.page.locator("form .question").first).to_be_visible()


def quiz_result(person: Visitor, lang: str) -> None:
    """Answer the open quiz right and submit it: the result shows answers, feedback and explanations."""
    fill_in(person.page, answer_key(QUIZ_COURSE, QUIZ_MODULES[lang], lang))
    person.follow(person.page.locator("main form button[type=submit]"))
    expect(person.page.locator(".result-summary")).to_be_visible()


def verification_page(person: Visitor, lang: str) -> None:
    """The verification page of the participant's demo certificate, reached from "My certificates"."""
    person.goto("/certificates")
    person.follow(person.page.locator("article.cert-card a[href*='/verify/']").first)
    expect(person.page.locator("main #verdict")).to_be_visible()


def register_errors(person: Visitor, lang: str) -> None:
    """The registration form sent empty: every field with its error message."""
    person.goto("/register")
    person.follow(person.page.locator("#submit"))
    expect(person.page.locator(".field-invalid").first).to_be_visible()


def editor_preview(person: Visitor, lang: str) -> None:
    """The editor after "Preview": the checker's findings and the quiz as learners see it (nothing saved)."""
    person.goto("/trainer/courses/ip-china/patents-and-designs/quiz/en")
    person.follow(person.page.locator("#preview"))
    expect(person.page.locator(".preview-panel")).to_be_visible()


def quiz_situation(person: Visitor, lang: str) -> None:
    """A participant's quiz situation with its override forms, reached from the cohort."""
    person.goto("/trainer/courses/ip-china/cohort")
    person.follow(person.page.locator("main .participant a").first)
    expect(person.page.locator("main h2").first).to_be_visible()


def workshop_certificates(person: Visitor, lang: str) -> None:
    """Manual issuing for a workshop's attendees: the past demo workshop (the last in the list) chosen."""
    person.goto("/admin/certificates/workshops")
    choices = person.page.locator("#workshop option")
    person.page.locator("#workshop").select_option(choices.last.get_attribute("value"))
    person.follow(person.page.locator("main form[method=get] button"))
    expect(person.page.locator("main h2")).to_be_visible()


Step = str | Callable[[Visitor, str], None]


@dataclass(frozen=True)
class Tour:
    account: Account | None
    #: (name, path or action); a name in SCREENSHOTS is also saved as a picture.
    pages: tuple[tuple[str, Step], ...]


SCREENSHOTS = {
    "home",
    "catalogue",
    "course",
    "module",
    "learning",
    "company",
    "quiz",
    "result",
    "verification",
    "dashboard",
    "members",
    "invitations",
    "trainer",
    "users",
    "companies",
}
TOURS = {
    "visitor": Tour(None, (
        ("home", "/"), ("catalogue", "/courses"), ("course", "/courses/ip-china"),
        ("course-zh-source", "/courses/germany-eu-entry"), ("login", "/login"),
        ("register", "/register"), ("register-errors", register_errors), ("forgot-password", "/forgot-password"),
        ("verify", "/verify"), ("imprint", "/imprint"), ("privacy-policy", "/privacy-policy"),
        ("workshops", "/workshops"), ("workshop", "/workshops/1"),
        ("not-found", "/courses/no-such-course"),
    )),
    "participant": Tour(PARTICIPANT, (
        ("module", "/courses/ip-china/trademarks"), ("module-zh-source", "/courses/germany-eu-entry/setting-up-in-germany"),
        ("learning", "/learning"), ("profile", "/profile"),
        ("change-password", "/profile/password"), ("sessions", "/profile/sessions"),
        ("personal-data", "/profile/data"), ("delete-account", "/profile/delete"),
        ("certificates", "/certificates"), ("verification", verification_page), ("company", "/company"),
        ("my-workshops", "/my/workshops"),
    )),
    "quiz": Tour(PARTICIPANT_ZH, (
        ("course-in-progress", "/courses/germany-eu-entry"), ("quiz", take_quiz), ("result", quiz_result),
    )),
    "manager": Tour(MANAGER, (
        ("dashboard", "/company/dashboard"), ("members", "/company/members"), ("invitations", "/company/invitations"),
        ("api-tokens", "/company/api-tokens"), ("company-workshops", "/company/workshops"),
    )),
    "trainer": Tour(TRAINER, (
        ("trainer", "/trainer"), ("trainer-course", "/trainer/courses/ip-china"),
        ("editor", "/trainer/courses/ip-china/trademarks/module/de"), ("editor-preview", editor_preview),
        ("editor-zh-source", "/trainer/courses/germany-eu-entry/setting-up-in-germany/module/zh"),
        ("revisions", "/trainer/courses/ip-china/trademarks/quiz/de/revisions"),
        ("revision", "/trainer/courses/ip-china/trademarks/quiz/de/revisions/1"),
        ("analytics", "/trainer/analytics"), ("statistics", "/trainer/courses/ip-china/trademarks/stats"),
        ("cohort", "/trainer/courses/ip-china/cohort"), ("workshop-new", "/workshops/new"),
        ("workshop-edit", "/workshops/1/edit"), ("check-in-list", "/workshops/1/attendance"),
        ("quiz-situation", quiz_situation),
    )),
    "admin": Tour(ADMIN, (
        ("users", "/admin/users"), ("certificates-admin", "/admin/certificates"),
        ("issue-certificate", "/admin/certificates/issue"), ("companies", "/admin/companies"),
        ("course-trainers", "/admin/courses/ip-china/trainers"), ("audit-log", "/admin/audit"),
        ("user-sessions", "/admin/users/1/sessions"), ("workshop-certificates", workshop_certificates),
    )),
}  # fmt: skip


#: WCAG 1.4.10 (reflow): content must fit 320 CSS pixels without scrolling sideways (data tables may scroll
#: inside their own box). German, whose long compounds are what overflows first.
PHONE = {"width": 320, "height": 720}

#: Text that sticks out to the right of the page (outside a table's own scrolling box).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const node = texts.currentNode, range = document.createRange();
    range.selectNodeContents(node);
    if (node.textContent.trim() && range.getBoundingClientRect().right > width + 1
        && !node.parentElement.closest('.table-wrap')) {
      found.push(node.parentElement.tagName.toLowerCase() + ': ' + node.textContent.trim().slice(0, 60));
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, found: found.slice(0, 5)};
}"""


def walk(person: Visitor, tour: Tour, languages: tuple[str, ...], phone: bool = False) -> list[str]:
    """Every page of the tour in each language: axe's serious and critical findings (and, on a phone, a
    page that scrolls sideways), as readable lines. Findings of lower impact are printed only."""
    person.goto("/")
    if tour.account:
        person.login(tour.account)
    blocking, other = [], []
    for lang in languages:
        person.set_language(lang)
        for name, step in tour.pages:
            if callable(step):
                step(person, lang)
            else:
                response = person.goto(step)
                assert response is not None and (response.ok or name == "not-found"), f"{step}: {response}"
            where = f"{lang}{' phone' if phone else ''} {name} ({person.path()})"
            for violation in violations(person.page):
                found = f"{where}: {describe(violation)}"
                (blocking if violation["impact"] in BLOCKING else other).append(found)
            if phone:
                reflow = person.page.evaluate(OVERFLOW_JS)
                if reflow["scrollWidth"] > reflow["width"]:
                    blocking.append(f"{where}: the page is {reflow['scrollWidth']} px wide on a {reflow['width']} px "
                                    f"screen; sticking out: {reflow['found']}")  # fmt: skip
            if name in SCREENSHOTS:
                person.screenshot(
                    lang, f"phone-{name}" if phone else name, full_page=not phone and name != "module"
                )
    if other:
        print("axe findings below 'serious' (not failing the test):\n" + "\n".join(other))
    return blocking


@pytest.mark.parametrize("who", list(TOURS))
def test_no_serious_accessibility_violations(visitor, who):
    blocking = walk(visitor(), TOURS[who], LANGUAGES)
    assert not blocking, f"{len(blocking)} serious or critical axe findings:\n" + "\n".join(blocking)


@pytest.mark.parametrize("who", list(TOURS))
def test_pages_fit_a_phone(visitor, who):
    blocking = walk(visitor(viewport=PHONE), TOURS[who], ("de",), phone=True)
    assert not blocking, f"{len(blocking)} problems on a 320 px screen:\n" + "\n".join(blocking)


DESKTOP = {"width": 1280, "height": 900}
#: An address longer than the users table's e-mail column at 1280 px, so it must wrap.
LONG_EMAIL = "maximiliane.mustermann-schwarzenberger@weiterbildung.rheinland-biotechnologie.example"

#: Each admin table's width against its scrolling box, first with the row forms folded, then all unfolded.
TABLE_FIT_JS = """() => {
  const measure = () => [...document.querySelectorAll('main .table-wrap')].map(w => [w.scrollWidth, w.clientWidth]);
  const folded = measure();
  document.querySelectorAll('main .table-wrap details').forEach(d => { d.open = true; });
  return {folded, unfolded: measure(), disclosures: document.querySelectorAll('main .table-wrap details').length};
}"""

#: Where the address's lines break: the text before each break (a <wbr> sits between two text nodes).
EMAIL_BREAKS_JS = """(cell) => {
  const top = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                             return Math.round(r.getBoundingClientRect().top); };
  let before = '', last = null;
  const breaks = [];
  for (const node of [...cell.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)) {
    for (let i = 0; i < node.length; i++) {
      const now = top(node, i);
      if (last !== null && now > last) breaks.push(before);
      before += node.data[i];
      last = now;
    }
  }
  return breaks;
}"""


def test_admin_certificates_table_fits_1280(visitor):
    """At 1280 px the certificates table (its actions column above all) does not scroll sideways in
    German, English or Chinese, with the revoke and re-issue forms folded or unfolded."""
    admin = visitor(viewport=DESKTOP)
    admin.login(ADMIN)
    for lang in LANGUAGES:
        admin.set_language(lang)
        admin.goto("/admin/certificates")
        fit = admin.page.evaluate(TABLE_FIT_JS)
        assert fit["disclosures"] > 0, f"{lang}: no certificate with actions in the demo data"
        for state in ("folded", "unfolded"):
            for scroll, client in fit[state]:
                assert scroll <= client, (
                    f"{lang}: the table is {scroll} px wide in a {client} px box ({state})"
                )


def test_admin_certificate_actions_open_on_a_phone(visitor):
    admin = visitor(viewport={"width": 390, "height": 844})
    admin.login(ADMIN)
    admin.goto("/admin/certificates")
    manage = admin.page.locator("main details.cert-manage").first
    expect(manage.locator("select").first).to_be_hidden()
    manage.locator("summary").click()
    expect(manage.locator("select").first).to_be_visible()


def test_long_addresses_wrap_between_words(visitor, live_server):
    """A long address on the admin users page wraps after the @, before a dot or at a hyphen, never mid-word
    (at 1280 and at 390 px), and its cell still holds the whole address (what a screen reader reads)."""
    live_server.cli(("users", "create", "--email", LONG_EMAIL, "--password", "e2e-long-2026-address",
                     "--name", "Maxi Lang", "--lang", "de"))  # fmt: skip
    for viewport in (DESKTOP, {"width": 390, "height": 844}):
        admin = visitor(viewport=viewport)
        admin.login(ADMIN)
        admin.goto("/admin/users?q=maximiliane")
        cell = admin.page.locator("main td.cell-email", has_text="maximiliane")
        assert cell.text_content() == LONG_EMAIL
        breaks = cell.evaluate(EMAIL_BREAKS_JS)
        if viewport is DESKTOP:
            assert breaks, "the address did not need to wrap at 1280 px"
        # After the @, before a dot, or after a hyphen of the address itself: never inside a word.
        mid_word = [
            text for text in breaks if not text.endswith(("@", "-")) and not LONG_EMAIL[len(text)] == "."
        ]
        assert not mid_word, f"{viewport['width']} px: breaks after {mid_word} (all breaks: {breaks})"


def test_start_next_for_someone_with_nothing_in_progress(visitor, live_server):
    """'My learning' of a new account: the courses to start, each with its picture, linking to its page;
    no serious accessibility finding in any language (the cards are links inside a list)."""
    newcomer = Account("anfang@example.org", "e2e-start-next-2026", "Ada Anfang")
    live_server.cli(("users", "create", "--email", newcomer.email, "--password", newcomer.password,
                     "--name", newcomer.name, "--lang", "de"))  # fmt: skip
    person = visitor()
    person.login(newcomer)
    blocking = []
    for lang in LANGUAGES:
        person.set_language(lang)
        person.goto("/learning")
        cards = person.page.locator("main .start-next-list > li")
        expect(cards.first).to_be_visible()
        expect(cards.first.locator("img.card-image")).to_have_attribute("alt", re.compile(r"\S"))
        blocking += [f"{lang}: {describe(v)}" for v in violations(person.page) if v["impact"] in BLOCKING]
    person.follow(cards.first.locator("a.card-link"))
    assert person.path().startswith("/courses/")
    assert not blocking, "\n".join(blocking)
