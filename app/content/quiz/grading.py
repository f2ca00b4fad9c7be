"""Scoring learners' answers, and the per-attempt order in which options are shown.

Grading goes by option id, never by position: the order a learner saw is stored with the attempt
(`shuffled_layout`), and a reshuffle between showing and grading can therefore never mark a right
answer wrong. Responses come from the outside world, so any unknown id or wrong shape scores 0
instead of raising.
"""

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.content.quiz.heading import SHUFFLED_TYPES
from app.content.quiz.model import MatchPair, NumericAnswer, Question, Quiz, TextAnswer
from app.content.quiz.normalise import normalise_text, parse_number

DEFAULT_PASS_MARK = 70.0
#: Allowance for binary floating point (0.1 + 0.2) when comparing numbers and sums of points.
_EPSILON = 1e-9


@dataclass(frozen=True)
class ItemResult:
    """How one option, left-hand pair or ordering position was answered, for the review page.

    `id` is the option id, the left pair id, or the id that belongs at this position (ordering); `given`
    is the option id when ticked (choice), the chosen right-hand pair id (matching) or the id the learner
    put at this position (ordering), None when nothing was given; `right` says whether the row is right
    (for choices: ticked exactly when correct).
    """

    id: str
    given: str | None
    right: bool


@dataclass(frozen=True)
class QuestionResult:
    """The points earned on one question, and what to show the learner afterwards."""

    score: float
    max: float
    correct: bool
    feedback_md: tuple[str, ...] = ()
    items: tuple[ItemResult, ...] = ()


@dataclass(frozen=True)
class QuizResult:
    """The points earned on a quiz; `percent` is of the maximum, `passed` compares it with the pass mark."""

    score: float
    max: float
    percent: float
    passed: bool
    results: Mapping[str, QuestionResult]


def grade_quiz(quiz: Quiz, responses: Mapping[str, Any], pass_mark: float | None = None) -> QuizResult:
    """Grade every question; a missing response scores 0. `pass_mark` defaults to the quiz's, then 70."""
    if not isinstance(responses, Mapping):
        responses = {}
    results = {
        question.id: grade_question(question, responses.get(question.id)) for question in quiz.questions
    }
    score = sum(result.score for result in results.values())
    maximum = sum(result.max for result in results.values())
    percent = 100 * score / maximum if maximum > 0 else 0.0
    mark = (
        pass_mark
        if pass_mark is not None
        else quiz.pass_mark
        if quiz.pass_mark is not None
        else DEFAULT_PASS_MARK
    )
    passed = maximum > 0 and percent >= mark - _EPSILON
    return QuizResult(score, maximum, percent, passed, results)


def grade_question(q: Question, response: Any) -> QuestionResult:
    """Grade one response (see docs/authoring.md, "Scoring"); never raises."""
    if q.type in ("single", "truefalse", "multiple"):
        return _grade_choice(q, response)
    if q.type in ("text", "numeric"):
        return _grade_typed(q, response)
    if q.type == "matching":
        return _grade_matching(q, response)
    return _grade_ordering(q, response)


def _result(q: Question, share: float, feedback: list[str], items: list[Any]) -> QuestionResult:
    share = min(max(share, 0.0), 1.0)
    return QuestionResult(q.points * share, q.points, share >= 1 - _EPSILON, tuple(feedback), tuple(items))


def _grade_choice(q: Question, response: Any) -> QuestionResult:
    ids = {option.id for option in q.options}
    if q.type == "multiple":
        valid = _is_collection(response) and all(isinstance(i, str) and i in ids for i in response)
        chosen = set(response) if valid else set()
    else:
        chosen = {response} if isinstance(response, str) and response in ids else set()
    correct = {option.id for option in q.options if option.correct}
    right, wrong = len(chosen & correct), len(chosen - correct)
    if not correct:
        share = 0.0
    elif q.type == "single":  # several options may be right: choosing any one of them is
        share = 1.0 if chosen and chosen <= correct else 0.0
    elif q.type != "multiple" or q.scoring == "all":
        share = 1.0 if chosen == correct else 0.0
    elif q.scoring == "partial":
        share = 0.0 if wrong else right / len(correct)
    else:
        share = (right - wrong) / len(correct)
    feedback = [option.feedback_md for option in q.options if option.id in chosen and option.feedback_md]
    one_of_several = q.type == "single" and share > 0  # the other right options need not be chosen
    items = [
        ItemResult(
            option.id,
            option.id if option.id in chosen else None,
            (option.id in chosen) == option.correct or (one_of_several and option.correct),
        )
        for option in q.options
    ]
    return _result(q, share, feedback, items)


def _grade_typed(q: Question, response: Any) -> QuestionResult:
    """text and numeric: the score of the first accepted answer that matches."""
    if isinstance(response, str) and response.strip():
        answers: tuple[TextAnswer | NumericAnswer, ...] = (
            q.text_answers if q.type == "text" else q.numeric_answers
        )
        for answer in answers:
            matches = (
                _text_matches(answer, response)
                if isinstance(answer, TextAnswer)
                else _number_matches(answer, response)
            )
            if matches:
                return _result(q, answer.score, [answer.feedback_md] if answer.feedback_md else [], [])
    return _result(q, 0.0, [], [])


def _text_matches(answer: TextAnswer, response: str) -> bool:
    return normalise_text(answer.text) == normalise_text(response)


def _number_matches(answer: NumericAnswer, response: str) -> bool:
    value = parse_number(response)
    if value is None:
        return False
    if answer.kind == "range":
        low, high = answer.low or 0.0, answer.high or 0.0
        slack = _EPSILON * max(1.0, abs(low), abs(high))
        return low - slack <= value <= high + slack
    expected, tolerance = answer.value or 0.0, answer.tol or 0.0
    if answer.kind == "rel":
        tolerance = abs(expected) * tolerance / 100
    elif answer.kind == "exact":
        tolerance = 0.0
    return abs(value - expected) <= tolerance + _EPSILON * max(1.0, abs(expected))


def _grade_matching(q: Question, response: Any) -> QuestionResult:
    by_id = {pair.id: pair for pair in q.pairs}
    mapping = response if isinstance(response, Mapping) else {}
    items = []
    for pair in q.pairs:
        if pair.is_distractor:
            continue
        given = mapping.get(pair.id)
        given = given if isinstance(given, str) and given in by_id else None
        items.append(ItemResult(pair.id, given, given is not None and _same_right(by_id[given], pair)))
    right = sum(item.right for item in items)
    if q.scoring == "all":
        share = 1.0 if items and right == len(items) else 0.0
    else:
        share = right / len(items) if items else 0.0
    return _result(q, share, [], items)


def _same_right(chosen: MatchPair, expected: MatchPair) -> bool:
    """Whether the chosen right-hand item is the expected one; rows sharing a right-hand text are shown
    once (see `shuffled_layout`), so choosing that text is right for each of them."""
    return chosen.id == expected.id or chosen.right_md.strip() == expected.right_md.strip()


def _grade_ordering(q: Question, response: Any) -> QuestionResult:
    valid = (
        isinstance(response, list | tuple)
        and len(response) == len(q.order)
        and all(isinstance(i, str) for i in response)
        and set(response) == set(q.order)
    )
    given = list(response) if valid else [None] * len(q.order)
    items = [
        ItemResult(expected, placed, placed == expected)
        for expected, placed in zip(q.order, given, strict=True)
    ]
    right = sum(item.right for item in items)
    if q.scoring == "all":
        share = 1.0 if items and right == len(items) else 0.0
    else:
        share = right / len(items) if items else 0.0
    return _result(q, share, [], items)


def _is_collection(value: Any) -> bool:
    return isinstance(value, Collection) and not isinstance(value, str | bytes | Mapping)


def shuffled_layout(quiz: Quiz, rng: random.Random) -> dict[str, list[str]]:
    """The order in which one attempt shows each question's options, to be stored with the attempt.

    single/multiple: option ids, shuffled when the question (or else the quiz) says so, pinned options
    staying at their index; truefalse, text, numeric: in file order (empty for text and numeric);
    ordering: item ids, always shuffled and never already in the correct order; matching: the right-hand
    column as pair ids, always shuffled, each right-hand text once.
    """
    layout: dict[str, list[str]] = {}
    for q in quiz.questions:
        if q.type in SHUFFLED_TYPES:
            shuffle = q.shuffle if q.shuffle is not None else bool(quiz.shuffle)
            layout[q.id] = _shuffle_unpinned(q, rng) if shuffle else [option.id for option in q.options]
        elif q.type == "ordering":
            layout[q.id] = _shuffle_away_from(list(q.order), rng)
        elif q.type == "matching":
            first_with_text: dict[str, str] = {}
            for pair in q.pairs:
                first_with_text.setdefault(pair.right_md.strip(), pair.id)
            right = list(first_with_text.values())
            rng.shuffle(right)
            layout[q.id] = right
        else:
            layout[q.id] = [option.id for option in q.options]
    return layout


def _shuffle_unpinned(q: Question, rng: random.Random) -> list[str]:
    ids = [option.id for option in q.options]
    free = [index for index, option in enumerate(q.options) if not option.pinned]
    moved = [ids[index] for index in free]
    rng.shuffle(moved)
    for index, option_id in zip(free, moved, strict=True):
        ids[index] = option_id
    return ids


def _shuffle_away_from(correct: list[str], rng: random.Random) -> list[str]:
    """A random order that differs from `correct` whenever there are two or more items."""
    shuffled = correct[:]
    rng.shuffle(shuffled)
    if len(shuffled) >= 2 and shuffled == correct:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled
