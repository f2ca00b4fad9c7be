"""ordering: the learner gives each item its position; complete, repetition-free orders are graded."""

from __future__ import annotations

import random
from typing import Any

from app.content.quiz.kinds.base import Guess, Kind, ResponseError, Sent, one_value
from app.content.quiz.model import Question
from app.content.quiz.results import ItemResult, QuestionResult, question_result, row_share
from app.content.quiz.tokens import AttemptTokens

#: A learner's own mistake in an ordering question, shown next to it; the form is shown again.
REPEATED_POSITION = "repeated-position"


class Ordering(Kind):
    """Field ``q-<id>-<item>`` per item (the item disguised by the tokens); its value is the position."""

    def fields(self, q: Question, tokens: AttemptTokens | None) -> dict[str, str | None]:
        return {f"q-{q.id}-{tokens(q.id, item) if tokens else item}": item for item in q.order}

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        positions: dict[str, int] = {}
        for sub, (name, values) in sent.items():
            value = one_value(name, values)
            if value is None:
                continue
            if not (value.isascii() and value.isdigit() and len(value) <= 3) or not 1 <= int(value) <= len(
                q.order
            ):
                raise ResponseError(f"{name}: position out of range")
            positions[str(sub)] = int(value)
        if len(set(positions.values())) != len(positions):
            return None, REPEATED_POSITION
        if positions and len(positions) == len(q.order):
            return sorted(positions, key=positions.__getitem__), None
        return None, None  # an incomplete order is unanswered

    def grade(self, q: Question, response: Any) -> QuestionResult:
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
        return question_result(q, row_share(q, items), [], items)

    def layout(self, q: Question, shuffle: bool, rng: random.Random) -> list[str]:
        """Item ids, always shuffled, never already in the correct order when there are two or more."""
        correct = list(q.order)
        shuffled = correct[:]
        rng.shuffle(shuffled)
        if len(shuffled) >= 2 and shuffled == correct:
            shuffled = shuffled[1:] + shuffled[:1]
        return shuffled

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        order = list(q.order)
        if not guess.right and len(order) >= 2:
            i = guess.rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return {f"q-{q.id}-{item}": [str(position)] for position, item in enumerate(order, start=1)}
