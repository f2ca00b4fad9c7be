"""What every question type provides: its form fields, reading them, grading, layout and simulated answers.

One class per type (see `app.content.quiz.kinds.KINDS`), so that the quiz form, the grader and the
demo's simulated learners cannot disagree about a type, and a new type is one new class.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.content.quiz.model import Question
from app.content.quiz.results import QuestionResult
from app.content.quiz.tokens import AttemptTokens

#: Longest typed answer (text, numeric) a form may carry.
MAX_TYPED = 1000

#: Sent values of one question: sub id (None for one-field questions) -> (field name, non-empty values).
Sent = dict[str | None, tuple[str, list[str]]]


class ResponseError(ValueError):
    """The form does not fit the quiz it claims to answer (tampered, replayed from another quiz…)."""


@dataclass(frozen=True)
class Guess:
    """How a simulated learner answers one question: right or (plausibly) wrong, in which language."""

    rng: random.Random
    right: bool
    lang: str
    #: A mistranslated question: the wrong answer is the one the mistranslation points to.
    trap: bool = False
    #: What a learner types who does not know the answer.
    unsure: str = "?"


class Kind:
    """A question type. The defaults fit a question answered in one field named ``q-<id>``."""

    def fields(self, q: Question, tokens: AttemptTokens | None) -> dict[str, str | None]:
        """The form fields this question may send: field name -> sub id (None for one-field questions)."""
        return {f"q-{q.id}": None}

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        """The response (None when unanswered) and the mistake to correct, if any (see `parse_form`).

        :raises ResponseError: when a value cannot have come from our form.
        """
        raise NotImplementedError

    def grade(self, q: Question, response: Any) -> QuestionResult:
        """Grade one response (see docs/authoring.md, "Scoring"); never raises."""
        raise NotImplementedError

    def layout(self, q: Question, shuffle: bool, rng: random.Random) -> list[str]:
        """The order one attempt shows the options in (stored with the attempt): file order by default."""
        return [option.id for option in q.options]

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        """Form fields of a simulated learner's answer (the demo cohort)."""
        raise NotImplementedError


def single_value(sent: Sent) -> tuple[str, str | None]:
    """The field name and its one value (None when empty) of a one-field question."""
    name, values = sent[None]
    if len(values) > 1:
        raise ResponseError(f"{name}: more than one value")
    return name, values[0] if values else None


def one_value(name: str, values: list[str]) -> str | None:
    """The one value of a field, None when empty."""
    if len(values) > 1:
        raise ResponseError(f"{name}: more than one value")
    return values[0] if values else None


def is_collection(value: Any) -> bool:
    """A list-like response (not a string, bytes or mapping)."""
    return isinstance(value, Collection) and not isinstance(value, str | bytes | Mapping)
