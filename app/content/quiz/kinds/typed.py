"""text and numeric: questions answered by typing; the first accepted answer that matches scores."""

from __future__ import annotations

from typing import Any

from app.content.quiz.kinds.base import MAX_TYPED, Guess, Kind, ResponseError, Sent, single_value
from app.content.quiz.model import NumericAnswer, Question, TextAnswer
from app.content.quiz.normalise import normalise_text, parse_number
from app.content.quiz.results import EPSILON, QuestionResult, question_result
from app.content.quiz.tokens import AttemptTokens


class Typed(Kind):
    """A typed answer, compared after normalising (case, spaces, full-width characters, number formats)."""

    def read(self, q: Question, sent: Sent, tokens: AttemptTokens | None) -> tuple[Any, str | None]:
        name, value = single_value(sent)
        if value is not None and len(value) > MAX_TYPED:
            raise ResponseError(f"{name}: answer too long")
        return value, None

    def answers(self, q: Question) -> tuple[TextAnswer | NumericAnswer, ...]:
        raise NotImplementedError

    def matches(self, answer: Any, response: str) -> bool:
        raise NotImplementedError

    def grade(self, q: Question, response: Any) -> QuestionResult:
        if isinstance(response, str) and response.strip():
            for answer in self.answers(q):
                if self.matches(answer, response):
                    return question_result(
                        q, answer.score, [answer.feedback_md] if answer.feedback_md else [], []
                    )
        return question_result(q, 0.0, [], [])


class Text(Typed):
    def answers(self, q: Question) -> tuple[TextAnswer, ...]:
        return q.text_answers

    def matches(self, answer: TextAnswer, response: str) -> bool:
        return normalise_text(answer.text) == normalise_text(response)

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        text = q.text_answers[0].text
        if guess.right:
            return {f"q-{q.id}": [text]}
        return {f"q-{q.id}": [text[:-1] if len(text) > 3 and guess.rng.random() < 0.4 else guess.unsure]}


class Numeric(Typed):
    def answers(self, q: Question) -> tuple[NumericAnswer, ...]:
        return q.numeric_answers

    def matches(self, answer: NumericAnswer, response: str) -> bool:
        value = parse_number(response)
        if value is None:
            return False
        if answer.kind == "range":
            low, high = answer.low or 0.0, answer.high or 0.0
            slack = EPSILON * max(1.0, abs(low), abs(high))
            return low - slack <= value <= high + slack
        expected, tolerance = answer.value or 0.0, answer.tol or 0.0
        if answer.kind == "rel":
            tolerance = abs(expected) * tolerance / 100
        elif answer.kind == "exact":
            tolerance = 0.0
        return abs(value - expected) <= tolerance + EPSILON * max(1.0, abs(expected))

    def simulate(self, q: Question, layout: list[str], guess: Guess) -> dict[str, list[str]]:
        answer = q.numeric_answers[0]
        value = float((answer.low if answer.kind == "range" else answer.value) or 0)
        if not guess.right:
            value = value * 10 + 1 if value else 999
        text = f"{value:g}"
        return {f"q-{q.id}": [text.replace(".", ",") if guess.lang == "de" else text]}
