"""Scoring learners' answers, and the per-attempt order in which options are shown.

Grading goes by option id, never by position: the order a learner saw is stored with the attempt
(`shuffled_layout`), and a reshuffle between showing and grading can therefore never mark a right
answer wrong. Responses come from the outside world, so any unknown id or wrong shape scores 0
instead of raising. How each type is graded lives with its handler in `app.content.quiz.kinds`.
"""

import random
from collections.abc import Mapping
from typing import Any

from app.content.quiz.kinds import KINDS
from app.content.quiz.model import Question, Quiz
from app.content.quiz.results import EPSILON, QuestionResult, QuizResult

DEFAULT_PASS_MARK = 70.0


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
    passed = maximum > 0 and percent >= mark - EPSILON
    return QuizResult(score, maximum, percent, passed, results)


def grade_question(q: Question, response: Any) -> QuestionResult:
    """Grade one response (see docs/authoring.md, "Scoring"); never raises."""
    return KINDS[q.type].grade(q, response)


def shuffled_layout(quiz: Quiz, rng: random.Random) -> dict[str, list[str]]:
    """The order in which one attempt shows each question's options, to be stored with the attempt.

    single/multiple: option ids, shuffled when the question (or else the quiz) says so, pinned options
    staying at their index; truefalse, text, numeric: in file order (empty for text and numeric);
    ordering: item ids, always shuffled and never already in the correct order; matching: the right-hand
    column as pair ids, always shuffled, each right-hand text once.
    """
    return {
        q.id: KINDS[q.type].layout(q, q.shuffle if q.shuffle is not None else bool(quiz.shuffle), rng)
        for q in quiz.questions
    }
