"""single, truefalse and multiple: questions answered by ticking options (`- [x] id) text`)."""

from __future__ import annotations

import random
from typing import Any

from app.content.quiz.kinds.base import Guess, Kind, ResponseError, Sent, is_collection, single_value
from app.content.quiz.model import Question
from app.content.quiz.results import ItemResult, QuestionResult, question_result
from app.content.quiz.tokens import AttemptTokens


class Choice(Kind):
    """One option chosen (single, truefalse); grading by option id, never by position."""

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        name, value = single_value(sent)
        if value is not None and value not in {option.id for option in q.options}:
            raise ResponseError(f"{name}: unknown option {value!r}")
        return value, None

    def chosen(self, q: Question, response: Any) -> set[str]:
        """The valid option ids in `response`; anything else counts as not chosen."""
        ids = {option.id for option in q.options}
        return {response} if isinstance(response, str) and response in ids else set()

    def share(self, q: Question, chosen: set[str], correct: set[str]) -> float:
        """The share of the points earned: all right options chosen and nothing else."""
        return 1.0 if correct and chosen == correct else 0.0

    def grade(self, q: Question, response: Any) -> QuestionResult:
        chosen = self.chosen(q, response)
        correct = {option.id for option in q.options if option.correct}
        share = self.share(q, chosen, correct)
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
        return question_result(q, share, feedback, items)

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        if guess.right:
            return {f"q-{q.id}": [next(option.id for option in q.options if option.correct)]}
        wrong = [option.id for option in q.options if not option.correct]
        if guess.trap and guess.rng.random() < 0.85:
            return {f"q-{q.id}": [wrong[0]]}  # the option the mistranslation points to
        return {f"q-{q.id}": [guess.rng.choices(wrong, weights=[3] + [1] * (len(wrong) - 1))[0]]}


class Single(Choice):
    """Several options may be right: choosing any one of them is."""

    def share(self, q: Question, chosen: set[str], correct: set[str]) -> float:
        return 1.0 if correct and chosen and chosen <= correct else 0.0

    def layout(self, q: Question, shuffle: bool, rng: random.Random) -> list[str]:
        return shuffle_unpinned(q, rng) if shuffle else super().layout(q, shuffle, rng)


class Multiple(Choice):
    """Any number of options; scoring=all, partial, or partial-penalty (wrong ticks cost)."""

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        name, values = sent[None]
        ids = {option.id for option in q.options}
        if len(set(values)) != len(values) or any(value not in ids for value in values):
            raise ResponseError(f"{name}: unknown or repeated option")
        return values or None, None

    def chosen(self, q: Question, response: Any) -> set[str]:
        ids = {option.id for option in q.options}
        valid = is_collection(response) and all(isinstance(i, str) and i in ids for i in response)
        return set(response) if valid else set()

    def share(self, q: Question, chosen: set[str], correct: set[str]) -> float:
        right, wrong = len(chosen & correct), len(chosen - correct)
        if not correct:
            return 0.0
        if q.scoring == "all":
            return 1.0 if chosen == correct else 0.0
        if q.scoring == "partial":
            return 0.0 if wrong else right / len(correct)
        return (right - wrong) / len(correct)

    def layout(self, q: Question, shuffle: bool, rng: random.Random) -> list[str]:
        return shuffle_unpinned(q, rng) if shuffle else super().layout(q, shuffle, rng)

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        correct = [option.id for option in q.options if option.correct]
        wrong = [option.id for option in q.options if not option.correct]
        if guess.right:
            return {f"q-{q.id}": correct}
        rng, chosen = guess.rng, list(correct)
        if len(chosen) > 1 and (not wrong or rng.random() < 0.6):
            chosen.remove(rng.choice(chosen))
        if wrong and (chosen == correct or rng.random() < 0.5):
            chosen.append(rng.choice(wrong))
        return {f"q-{q.id}": chosen}


def shuffle_unpinned(q: Question, rng: random.Random) -> list[str]:
    """Option ids in random order, pinned options staying at their index."""
    ids = [option.id for option in q.options]
    free = [index for index, option in enumerate(q.options) if not option.pinned]
    moved = [ids[index] for index in free]
    rng.shuffle(moved)
    for index, option_id in zip(free, moved, strict=True):
        ids[index] = option_id
    return ids
