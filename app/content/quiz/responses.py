"""Turning a submitted quiz form into responses for grading, refusing anything that is not ours.

Field names: ``q-<id>`` for choices, text and numbers (several values for multiple choice),
``q-<id>-<left id>`` for matching (value: a right-hand pair id), ``q-<id>-<item id>`` for ordering
(value: the position, 1…n). A tampered form is refused whole, so nothing half-valid is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.content.quiz.model import Quiz
from app.content.quiz.tokens import AttemptTokens

#: Fields every quiz form carries besides the answers.
CONTROL_FIELDS = {"csrf_token", "attempt", "submit"}
MAX_TYPED = 1000


class ResponseError(ValueError):
    """The form does not fit the quiz it claims to answer (tampered, replayed from another quiz…)."""


def _single(values: Sequence[str], name: str) -> str | None:
    if len(values) > 1:
        raise ResponseError(f"{name}: more than one value")
    return values[0] if values else None


#: A learner's own mistake in an ordering question, shown next to it; the form is shown again.
REPEATED_POSITION = "repeated-position"


def parse_form(
    quiz: Quiz, form: Mapping[str, Sequence[str]], tokens: AttemptTokens | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Responses keyed by question id (unanswered questions are absent), and the questions whose answer
    the learner must correct (question id -> REPEATED_POSITION).

    :param form: field name -> all values sent for it (``request.form.to_dict(flat=False)``).
    :param tokens: the attempt's tokens, with which the page disguised matching partners and ordering
        items (see app.content.quiz.tokens); None for trusted callers that answer with plain ids.
    :raises ResponseError: on an unknown field, an unknown option id, a value sent twice, a position out
        of range or given twice, or an overlong typed answer.
    """
    expected: dict[str, tuple[str, str, str | None]] = {}  # field -> (question id, kind, sub id)
    partners: dict[str, dict[str, str]] = {}  # question id -> value sent -> right-hand pair id
    for q in quiz.questions:
        if q.type == "matching":
            ids = [pair.id for pair in q.pairs]
            partners[q.id] = tokens.decoder(q.id, ids) if tokens else {i: i for i in ids}
            for pair in q.pairs:
                if not pair.is_distractor:
                    expected[f"q-{q.id}-{pair.id}"] = (q.id, "match", pair.id)
        elif q.type == "ordering":
            for item in q.order:
                name = tokens(q.id, item) if tokens else item
                expected[f"q-{q.id}-{name}"] = (q.id, "order", item)
        else:
            expected[f"q-{q.id}"] = (q.id, q.type, None)
    unknown = [name for name in form if name not in expected and name not in CONTROL_FIELDS]
    if unknown:
        raise ResponseError(f"unknown field {unknown[0]!r}")

    by_id = {q.id: q for q in quiz.questions}
    responses: dict[str, Any] = {}
    for name, values in form.items():
        if name in CONTROL_FIELDS:
            continue
        qid, kind, sub = expected[name]
        q = by_id[qid]
        values = [v for v in values if v != ""]
        if kind in ("single", "truefalse"):
            value = _single(values, name)
            if value is not None:
                if value not in {o.id for o in q.options}:
                    raise ResponseError(f"{name}: unknown option {value!r}")
                responses[qid] = value
        elif kind == "multiple":
            ids = {o.id for o in q.options}
            if len(set(values)) != len(values) or any(v not in ids for v in values):
                raise ResponseError(f"{name}: unknown or repeated option")
            if values:
                responses[qid] = values
        elif kind in ("text", "numeric"):
            value = _single(values, name)
            if value is not None:
                if len(value) > MAX_TYPED:
                    raise ResponseError(f"{name}: answer too long")
                responses[qid] = value
        elif kind == "match":
            value = _single(values, name)
            if value is not None:
                if value not in partners[qid]:
                    raise ResponseError(f"{name}: unknown item {value!r}")
                responses.setdefault(qid, {})[sub] = partners[qid][value]
        else:  # order
            value = _single(values, name)
            if value is not None:
                if not (value.isascii() and value.isdigit() and len(value) <= 3) or not 1 <= int(
                    value
                ) <= len(q.order):
                    raise ResponseError(f"{name}: position out of range")
                responses.setdefault(qid, {})[sub] = int(value)
    to_correct: dict[str, str] = {}
    for q in quiz.questions:
        if q.type == "ordering" and q.id in responses:
            positions = responses[q.id]
            if len(set(positions.values())) != len(positions):
                to_correct[q.id] = REPEATED_POSITION
            elif len(positions) == len(q.order):
                responses[q.id] = sorted(positions, key=positions.get)
                continue
            del responses[q.id]  # incomplete orderings are unanswered
    return responses, to_correct
