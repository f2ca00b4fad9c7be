"""A participant signs in and lands on "My learning", opens a course by clicking anywhere on its card,
and reads a quiz review whose colours tell the truth: chosen right answers green, chosen wrong ones red."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.quiz import answer_key, fill_in
from tests.e2e.site import Account

LEARNER = Account("lernende@example.org", "e2e-learner-2026", "Lea Lernend")
COURSE, MODULE = "ip-china", "trademarks"
OK_BG, ERR_BG = "rgb(230, 244, 236)", "rgb(253, 236, 234)"


def test_sign_in_lands_on_my_learning_and_cards_are_links(visitor, live_server):
    live_server.cli(
        ("users", "create", "--email", LEARNER.email, "--password", LEARNER.password, "--name", LEARNER.name,
         "--lang", "de"),
    )  # fmt: skip
    person = visitor("de-DE")
    person.login(LEARNER)
    assert person.path() == "/learning"
    expect(person.page.locator("main h1")).to_have_text("Mein Lernbereich")

    # The whole card is a link: a click on its description (not on the title) opens the course.
    person.goto("/courses")
    card = person.page.locator(f"article.card-linked:has(a.card-link[href='/courses/{COURSE}'])")
    box = card.locator("p").first.bounding_box()
    assert box is not None
    with person.page.expect_navigation():  # a mouse click where the text is, as a person clicks
        person.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert person.path() == f"/courses/{COURSE}"
    expect(person.page.locator("main")).to_contain_text("Was Sie lernen")


def test_quiz_review_colours_follow_the_answers(visitor, live_server):
    live_server.cli(
        ("users", "create", "--email", "farben@example.org", "--password", LEARNER.password, "--name",
         "Fritz Farbe", "--lang", "de"),
    )  # fmt: skip
    person = visitor("de-DE")
    page = person.page
    person.login(Account("farben@example.org", LEARNER.password, "Fritz Farbe"))
    person.goto(f"/courses/{COURSE}/{MODULE}/quiz")
    quiz = answer_key(COURSE, MODULE, "de")
    fill_in(page, quiz)
    # One multiple-choice question also gets a wrong tick: still a pass, so the key is shown.
    subclasses = next(q for q in quiz.questions if q.id == "subclasses")
    wrong = next(o.id for o in subclasses.options if not o.correct)
    page.locator(f"#question-subclasses input[value='{wrong}']").check()
    person.follow(page.locator("main form button[type=submit]"))
    expect(page.locator(".result-summary")).to_have_class(re.compile(r"\bresult-pass\b"))

    chosen = page.locator("article.review-item.is-partial li.opt-chosen")
    assert chosen.count() == 4  # three right options and the wrong one
    backgrounds = chosen.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert sorted(backgrounds) == sorted([OK_BG] * 3 + [ERR_BG]), backgrounds
    expect(page.locator("article.review-item.is-partial li.opt-wrong")).to_contain_text("falsch")
    # Every fully right single choice: the chosen option is green, never red.
    right_single = page.locator("article.review-item.is-right li.opt-chosen")
    for color in right_single.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)"):
        assert color == OK_BG
    expect(page.locator("main .actions a[href='/courses/ip-china/patents-and-designs']")).to_be_visible()
    person.screenshot("de", "quiz-review-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    person.screenshot("de", "quiz-review-390")
