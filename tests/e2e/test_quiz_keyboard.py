"""Accessibility: a whole quiz with the keyboard alone, from signing in to the result.

No clicks: Tab moves between controls, Enter follows links and sends forms, Space ticks boxes. Radio
groups and drop-down lists are operated with the arrow keys, as the platform's keyboard model requires
(Tab enters a radio group once; the arrows choose inside it). Every control that receives focus must
show it (WCAG 2.4.7).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.quiz import answer_key, right_answer
from tests.e2e.site import KEYBOARD_USER

COURSE, MODULE, LANG = "ip-china", "enforcement-and-customs", "en"
MAX_TABS = 400

FOCUSED = """() => {
  const el = document.activeElement;
  const question = el.closest('fieldset.question');
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', value: el.value ?? '', checked: !!el.checked,
    question: question ? question.id.replace(/^question-/, '') : null,
    href: el.getAttribute('href') || '', classes: el.className || '',
    label: el.labels && el.labels.length ? el.labels[0].textContent : '',
    selected: el.tagName === 'SELECT' ? el.selectedOptions[0].textContent : null,
    options: el.tagName === 'SELECT' ? el.options.length : 0,
    group: el.type === 'radio' ? document.getElementsByName(el.name).length : 0,
    inQuiz: !!el.closest('main form'),
    focusShown: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none',
  };
}"""


def norm(text: str) -> str:
    """As quiz.NORMALISE_JS: whitespace and inline Markdown marks dropped."""
    return re.sub(r"[\s*_`\\]", "", text)


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page: Page, wanted, what: str) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element satisfies ``wanted``."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError(f"{what} not reached with {MAX_TABS} presses of Tab")


def test_a_quiz_with_the_keyboard_alone(visitor):
    person = visitor(locale="en-GB")
    page = person.page
    person.goto(f"/login?next=/courses/{COURSE}/{MODULE}")
    # The e-mail field has the focus when the page opens (wait for it: typing earlier loses keys).
    expect(page.locator("input[name=email]")).to_be_focused()
    page.keyboard.type(KEYBOARD_USER.email)
    page.keyboard.press("Tab")
    page.keyboard.type(KEYBOARD_USER.password)
    page.keyboard.press("Enter")
    # The module page itself: the sign-in page's own address ends with the same path in ?next=.
    expect(page).to_have_url(re.compile(rf"^[^?]*/courses/{COURSE}/{MODULE}$"))

    tab_to(page, lambda el: el["href"].endswith(f"/{MODULE}/quiz"), "the link to the quiz")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/{MODULE}/quiz$"))

    # The first Tab reaches the skip link; Enter jumps over the header into the content.
    page.keyboard.press("Tab")
    assert "skip-link" in focused(page)["classes"]
    page.keyboard.press("Enter")

    answers = {q.id: right_answer(q) for q in answer_key(COURSE, MODULE, LANG).questions}
    pairs = {qid: {norm(left): right for left, right in a.pairs} for qid, a in answers.items()}
    answered: set[str] = set()
    unmarked: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        el = focused(page)
        if el["inQuiz"] and not el["focusShown"]:
            unmarked.append(f"{el['tag']} {el['type']} in {el['question']}")
        if el["tag"] == "button" and el["type"] == "submit" and el["inQuiz"]:
            break
        qid = el["question"]
        if qid is None:
            continue
        answer = answers[qid]
        if el["type"] == "radio":
            for _ in range(el["group"]):
                if el["value"] == answer.options[0]:
                    break
                page.keyboard.press("ArrowDown")  # moves to the next option and chooses it
                el = focused(page)
            assert el["value"] == answer.options[0]
            if not el["checked"]:
                page.keyboard.press("Space")
            answered.add(qid)
        elif el["type"] == "checkbox":
            if el["value"] in answer.options and not el["checked"]:
                page.keyboard.press("Space")
            answered.add(qid)
        elif el["tag"] == "input" and el["type"] == "text":
            page.keyboard.type(answer.typed)
            answered.add(qid)
        elif el["tag"] == "select":
            want = pairs[qid][norm(el["label"])]
            for _ in range(el["options"]):
                if norm(el["selected"]) == norm(want):
                    break
                page.keyboard.press("ArrowDown")
                el = focused(page)
            assert norm(el["selected"]) == norm(want), f"{qid}: {want!r} not among the options"
            answered.add(qid)
    else:
        raise AssertionError("the submit button was not reached")
    assert answered == set(answers), f"not answered: {set(answers) - answered}"
    assert not unmarked, f"focus not visible on: {unmarked}"

    page.keyboard.press("Enter")  # on "Submit answers"
    expect(page.locator(".result-summary")).to_have_class(re.compile(r"\bresult-pass\b"))
    expect(page.locator(".result-score")).to_contain_text("100")
