"""What grading a question or a quiz produces: points, and what the review page shows per row."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.content.quiz.model import Question

#: Allowance for binary floating point (0.1 + 0.2) when comparing numbers and sums of points.
EPSILON = 1e-9


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

    def stored(self) -> dict[str, Any]:
        """The form an attempt stores (what ``dataclasses.asdict`` gives, built directly: a submission
        converts every question's result, and ``asdict``'s generic deep copy cost a quarter of it)."""
        return {
            "score": self.score,
            "max": self.max,
            "correct": self.correct,
            "feedback_md": list(self.feedback_md),
            "items": [{"id": i.id, "given": i.given, "right": i.right} for i in self.items],
        }


@dataclass(frozen=True)
class QuizResult:
    """The points earned on a quiz; `percent` is of the maximum, `passed` compares it with the pass mark."""

    score: float
    max: float
    percent: float
    passed: bool
    results: Mapping[str, QuestionResult]


def question_result(q: Question, share: float, feedback: list[str], items: list[Any]) -> QuestionResult:
    """The result for earning `share` (clamped to 0..1) of the question's points."""
    share = min(max(share, 0.0), 1.0)
    return QuestionResult(q.points * share, q.points, share >= 1 - EPSILON, tuple(feedback), tuple(items))


def row_share(q: Question, items: list[ItemResult]) -> float:
    """Matching and ordering: all rows right (scoring=all), or the share of right rows (partial)."""
    right = sum(item.right for item in items)
    if q.scoring == "all":
        return 1.0 if items and right == len(items) else 0.0
    return right / len(items) if items else 0.0
