"""The quiz as data: what the parser produces and grading, translation checks and converters consume.

Everything is a frozen dataclass holding tuples, so a parsed quiz can be cached, compared and shared
between requests without anyone mutating it. Markdown stays raw text here; rendering happens elsewhere.
Line numbers are kept for messages but excluded from comparison (`compare=False`), so a quiz written out
and parsed again compares equal although its lines moved.
"""

from dataclasses import dataclass, field
from typing import Literal

QuestionType = Literal["single", "multiple", "truefalse", "text", "numeric", "matching", "ordering"]
Scoring = Literal["all", "partial", "partial-penalty"]
NumericKind = Literal["exact", "abs", "rel", "range"]

QUESTION_TYPES: tuple[QuestionType, ...] = (
    "single", "multiple", "truefalse", "text", "numeric", "matching", "ordering",
)  # fmt: skip
SCORINGS: tuple[Scoring, ...] = ("all", "partial", "partial-penalty")
#: Types whose answers are a list of `- [x] id) text` options.
CHOICE_TYPES = frozenset({"single", "multiple", "truefalse"})
#: Types that accept `scoring=`.
SCORED_TYPES = frozenset({"multiple", "matching", "ordering"})


@dataclass(frozen=True)
class Option:
    """A choice of a single/multiple/truefalse question, or an item of an ordering question."""

    id: str
    text_md: str
    correct: bool = False
    feedback_md: str = ""
    pinned: bool = False
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TextAnswer:
    """An accepted answer of a text question; `score` is the share of the points it earns."""

    text: str
    score: float = 1.0
    feedback_md: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted value of a numeric question.

    `exact` uses `value`; `abs` accepts `value ± tol`; `rel` accepts `value ± tol` percent of `value`;
    `range` accepts `low`..`high` inclusive. Fields a kind does not use are None.
    """

    kind: NumericKind
    value: float | None = None
    tol: float | None = None
    low: float | None = None
    high: float | None = None
    score: float = 1.0
    feedback_md: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class MatchPair:
    """A row of a matching table; an empty `left_md` makes it a distractor shown on the right only."""

    id: str
    left_md: str
    right_md: str
    line: int = field(default=0, compare=False)

    @property
    def is_distractor(self) -> bool:
        return not self.left_md


@dataclass(frozen=True)
class Question:
    """One question; which answer fields are filled depends on `type`.

    single/multiple/truefalse use `options`; ordering uses `options` for its items (in the correct order)
    and `order` for their ids; text uses `text_answers`; numeric `numeric_answers`; matching `pairs` (and
    `match_headers`, the column titles of the left and right side). `shuffle` is None when the question
    follows the quiz default. `localized` marks a translation's deliberately different question (same id,
    type, points and scoring as the source, its own text and answers).
    """

    id: str
    type: QuestionType
    points: float = 1.0
    scoring: Scoring = "all"
    shuffle: bool | None = None
    text_md: str = ""
    options: tuple[Option, ...] = ()
    text_answers: tuple[TextAnswer, ...] = ()
    numeric_answers: tuple[NumericAnswer, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    order: tuple[str, ...] = ()
    hint_md: str = ""
    explanation_md: str = ""
    match_headers: tuple[str, str] = ("", "")
    localized: bool = False
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Quiz:
    """A quiz file in one language. `shuffle` and `pass_mark` are None when the file does not set them."""

    title: str
    lang: str = ""
    shuffle: bool | None = None
    pass_mark: float | None = None
    source_rev: str | None = None
    questions: tuple[Question, ...] = ()
    path: str = "<quiz>"
