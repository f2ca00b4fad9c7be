"""matching: each left-hand row is given a right-hand item; rows sharing a right-hand text are one item."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from app.content.quiz.kinds.base import Guess, Kind, ResponseError, Sent, one_value
from app.content.quiz.model import MatchPair, Question
from app.content.quiz.results import ItemResult, QuestionResult, question_result, row_share
from app.content.quiz.tokens import AttemptTokens


class Matching(Kind):
    """Field ``q-<id>-<left id>`` per row; its value names the right-hand pair (disguised by the tokens)."""

    def fields(self, q: Question, tokens: AttemptTokens | None) -> dict[str, str | None]:
        return {f"q-{q.id}-{pair.id}": pair.id for pair in q.pairs if not pair.is_distractor}

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        ids = [pair.id for pair in q.pairs]
        partners = tokens.decoder(q.id, ids) if tokens else {i: i for i in ids}
        given: dict[str, str] = {}
        for sub, (name, values) in sent.items():
            value = one_value(name, values)
            if value is None:
                continue
            if value not in partners:
                raise ResponseError(f"{name}: unknown item {value!r}")
            given[str(sub)] = partners[value]
        return given or None, None

    def grade(self, q: Question, response: Any) -> QuestionResult:
        by_id = {pair.id: pair for pair in q.pairs}
        mapping = response if isinstance(response, Mapping) else {}
        items = []
        for pair in q.pairs:
            if pair.is_distractor:
                continue
            given = mapping.get(pair.id)
            given = given if isinstance(given, str) and given in by_id else None
            items.append(ItemResult(pair.id, given, given is not None and _same_right(by_id[given], pair)))
        return question_result(q, row_share(q, items), [], items)

    def layout(self, q: Question, shuffle: bool, rng: random.Random) -> list[str]:
        """The right-hand column as pair ids, always shuffled, each right-hand text once."""
        first_with_text: dict[str, str] = {}
        for pair in q.pairs:
            first_with_text.setdefault(pair.right_md.strip(), pair.id)
        right = list(first_with_text.values())
        rng.shuffle(right)
        return right

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        rights = {pair.id: pair.right_md.strip() for pair in q.pairs}
        shown = {rights[rid]: rid for rid in layout if rid in rights}
        fields = {}
        for pair in q.pairs:
            if pair.is_distractor:
                continue
            own = shown.get(rights[pair.id], pair.id)
            others = [rid for rid in layout if rights.get(rid) != rights[pair.id]]
            row_right = guess.right or guess.rng.random() < 0.45
            fields[f"q-{q.id}-{pair.id}"] = [own if row_right or not others else guess.rng.choice(others)]
        return fields


def _same_right(chosen: MatchPair, expected: MatchPair) -> bool:
    """Whether the chosen right-hand item is the expected one; rows sharing a right-hand text are shown
    once (see `layout`), so choosing that text is right for each of them."""
    return chosen.id == expected.id or chosen.right_md.strip() == expected.right_md.strip()
