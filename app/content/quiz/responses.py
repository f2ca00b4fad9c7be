"""Turning a submitted quiz form into responses for grading, refusing anything that is not ours.

Field names: ``q-<id>`` for choices, text and numbers (several values for multiple choice),
``q-<id>-<left id>`` for matching (value: a right-hand pair id), ``q-<id>-<item id>`` for ordering
(value: the position, 1…n). Each question type reads its own fields (`app.content.quiz.kinds`). A
tampered form is refused whole, so nothing half-valid is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.content.quiz.kinds import KINDS
from app.content.quiz.kinds.base import ResponseError, Sent
from app.content.quiz.model import Question, Quiz
from app.content.quiz.tokens import AttemptTokens

#: Fields every quiz form carries besides the answers.
CONTROL_FIELDS = {"csrf_token", "attempt", "submit"}


def parse_form(
    quiz: Quiz, form: Mapping[str, Sequence[str]], tokens: AttemptTokens | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Responses keyed by question id (unanswered questions are absent), and the questions whose answer
    the learner must correct (question id -> a mistake such as `kinds.ordering.REPEATED_POSITION`).

    :param form: field name -> all values sent for it (``request.form.to_dict(flat=False)``).
    :param tokens: the attempt's tokens, with which the page disguised matching partners and ordering
        items (see app.content.quiz.tokens); None for trusted callers that answer with plain ids.
    :raises ResponseError: on an unknown field, an unknown option id, a value sent twice, a position out
        of range or given twice, or an overlong typed answer.
    """
    sent = _sent_by_question(quiz, form, tokens)
    responses: dict[str, Any] = {}
    to_correct: dict[str, str] = {}
    for q in quiz.questions:
        if q.id not in sent:
            continue
        response, mistake = KINDS[q.type].read(q, sent[q.id], tokens)
        if response is not None:
            responses[q.id] = response
        if mistake is not None:
            to_correct[q.id] = mistake
    return responses, to_correct


def _sent_by_question(
    quiz: Quiz, form: Mapping[str, Sequence[str]], tokens: AttemptTokens | None
) -> dict[str, Sent]:
    """The non-empty values sent, grouped by question id and sub id; any field not ours is refused."""
    expected: dict[str, tuple[Question, str | None]] = {}  # field -> (question, sub id)
    for q in quiz.questions:
        for name, sub in KINDS[q.type].fields(q, tokens).items():
            expected[name] = (q, sub)
    unknown = [name for name in form if name not in expected and name not in CONTROL_FIELDS]
    if unknown:
        raise ResponseError(f"unknown field {unknown[0]!r}")
    sent: dict[str, Sent] = {}
    for name, values in form.items():
        if name not in CONTROL_FIELDS:
            q, sub = expected[name]
            sent.setdefault(q.id, {})[sub] = (name, [value for value in values if value != ""])
    return sent
