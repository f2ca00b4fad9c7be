"""Answering a quiz page right: the answer key comes from the course's quiz file, read by the app's parser.

The page shuffles options and hides matching partners and ordering items behind per-attempt tokens, so
answers are found the way a person finds them: option values for choices (the option ids), and the visible
text of the right-hand partner or of the item for matching and ordering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page

from app.content.quiz.model import Question, Quiz
from app.content.quiz.parser import parse_quiz
from tests.e2e.server import ROOT

COURSES = ROOT / "courses"

#: Compares a visible text with its Markdown source: whitespace and inline Markdown marks dropped.
NORMALISE_JS = "s => s.replace(/[\\s*_`\\\\]/g, '')"


def answer_key(course: str, module: str, lang: str, courses: Path = COURSES) -> Quiz:
    """The quiz file ``COURSES/COURSE/MODULE/quiz.LANG.md`` (the demo courses by default), as parsed by the app."""
    path = Path(courses, course, module, f"quiz.{lang}.md")
    quiz, problems = parse_quiz(path.read_bytes(), str(path))
    assert quiz is not None, "\n".join(map(str, problems))
    return quiz


@dataclass(frozen=True)
class Answer:
    """What a right answer to one question is, in the terms of the quiz page."""

    question: Question
    #: single/truefalse: the one option id; multiple: every correct id.
    options: tuple[str, ...] = ()
    #: text and numeric: what to type.
    typed: str = ""
    #: matching: (left text, right text) per pair; ordering: (item text, position) per item.
    pairs: tuple[tuple[str, str], ...] = ()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def right_answer(q: Question) -> Answer:
    if q.type in ("single", "truefalse", "multiple"):
        return Answer(q, options=tuple(o.id for o in q.options if o.correct))
    if q.type == "text":
        return Answer(q, typed=max(q.text_answers, key=lambda a: a.score).text)
    if q.type == "numeric":
        best = max(q.numeric_answers, key=lambda a: a.score)
        value = (best.low + best.high) / 2 if best.kind == "range" else best.value
        return Answer(q, typed=_number(value))
    if q.type == "matching":
        return Answer(q, pairs=tuple((p.left_md, p.right_md) for p in q.pairs if not p.is_distractor))
    if q.type == "ordering":
        return Answer(q, pairs=tuple((item.text_md, str(n)) for n, item in enumerate(q.options, start=1)))
    raise AssertionError(f"unknown question type {q.type}")


def option_value_with_text(select: Locator, text: str) -> str:
    """The value of the option of ``select`` that shows ``text``."""
    value = select.evaluate(
        f"(el, want) => {{ const norm = {NORMALISE_JS};"
        " const o = [...el.options].find(o => norm(o.textContent) === norm(want)); return o ? o.value : null }",
        text,
    )
    assert value is not None, f"no option {text!r} in {select.inner_text()!r}"
    return value


def control_for_label(question: Locator, text: str) -> Locator:
    """The form control whose <label> shows ``text`` inside one question."""
    control_id = question.evaluate(
        f"(el, want) => {{ const norm = {NORMALISE_JS};"
        " const l = [...el.querySelectorAll('label[for]')].find(l => norm(l.textContent) === norm(want));"
        " return l ? l.htmlFor : null }",
        text,
    )
    assert control_id is not None, f"no label {text!r} in question {question.get_attribute('id')}"
    return question.locator(f"[id='{control_id}']")


def fill_in(page: Page, quiz: Quiz) -> None:
    """Answer every question of the quiz page right (with the usual form interactions)."""
    for q in quiz.questions:
        answer = right_answer(q)
        box = page.locator(f"#question-{q.id}")
        if answer.options:
            for option in answer.options:
                box.locator(f"input[name='q-{q.id}'][value='{option}']").check()
        elif answer.typed:
            box.locator(f"#a-{q.id}").fill(answer.typed)
        elif q.type == "matching":
            for left, right in answer.pairs:
                select = control_for_label(box, left)
                select.select_option(option_value_with_text(select, right))
        else:  # ordering
            for item, position in answer.pairs:
                control_for_label(box, item).select_option(position)


def fill_in_wrong(page: Page, quiz: Quiz) -> None:
    """Answer every question of the quiz page wrong (a failed attempt, as a person who guessed badly)."""
    for q in quiz.questions:
        box = page.locator(f"#question-{q.id}")
        if q.type in ("single", "truefalse", "multiple"):
            wrong = next(o.id for o in q.options if not o.correct)
            box.locator(f"input[name='q-{q.id}'][value='{wrong}']").check()
        elif q.type in ("text", "numeric"):
            box.locator(f"#a-{q.id}").fill("-987654321")
        elif q.type == "matching":
            pairs = right_answer(q).pairs
            for number, (left, _right) in enumerate(pairs):
                select = control_for_label(box, left)
                select.select_option(option_value_with_text(select, pairs[(number + 1) % len(pairs)][1]))
        else:  # ordering: every item one place later (the last first)
            items = right_answer(q).pairs
            for number, (item, _position) in enumerate(items):
                control_for_label(box, item).select_option(str((number + 1) % len(items) + 1))
