"""Cues that let a test-wise reader pass a quiz without having read the module (docs/authoring.md,
"Quiz quality warnings").

A quiz measures understanding only if a reader who guesses scores near chance. Four habits of question
writers defeat that: the correct option is the longest and most careful one; the key sits in the same
position; true/false questions are mostly keyed one way; a hint repeats the answer's words. These are
the measurements; app/content/course/cues.py turns them into warnings with file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.content.quiz.model import Option, Question
from app.content.quiz.wording import length, stands_for_others, terms

#: A key longer than this many times its longest distractor is "clearly longest".
LONG_KEY_RATIO = 1.5
#: More than this share of a quiz's choice questions with a clearly longest key is a warning.
LONG_KEY_SHARE = 1 / 3
#: Course-wide true/false balance is judged from this many true/false questions on ...
TRUEFALSE_MIN = 4
#: ... and more than this share keyed one way is a warning.
TRUEFALSE_SHARE = 0.7
#: A quiz's key positions are judged from this many single-choice questions on ...
KEY_POSITION_MIN = 4
#: ... and more than this share with the key at one position is a warning.
KEY_POSITION_SHARE = 0.6
#: A hint that repeats at least this share of the key's distinguishing terms gives the answer away.
HINT_OVERLAP_SHARE = 0.5

#: Types whose options are compared by length: truefalse options have no text of their own.
LENGTH_TYPES = frozenset({"single", "multiple"})


def key_ratio(q: Question) -> float | None:
    """How many times longer the key is than the longest distractor (multiple: the keys' mean length).

    None for questions without both keys and distractors of some length.
    """
    if q.type not in LENGTH_TYPES:
        return None
    keys = [length(o.text_md) for o in q.options if o.correct]
    distractors = [length(o.text_md) for o in q.options if not o.correct]
    if not keys or not distractors or max(distractors) == 0:
        return None
    return (sum(keys) / len(keys)) / max(distractors)


def key_position(q: Question) -> int | None:
    """The 0-based position of a single-choice question's key in source order."""
    if q.type != "single":
        return None
    return next((i for i, o in enumerate(q.options) if o.correct), None)


def truefalse_key(q: Question) -> bool | None:
    """True or False for a true/false question's key (by the option id `true`/`false`)."""
    if q.type != "truefalse":
        return None
    key = next((o for o in q.options if o.correct), None)
    return None if key is None else key.id == "true"


def hint_overlap(q: Question) -> tuple[float, list[str]]:
    """The largest share of one key's distinguishing terms that the hint repeats, and those terms.

    A key is a correct option or a fully accepted answer of a text question. Its distinguishing terms are
    those that neither the question text nor any distractor uses: a hint may well speak of what the
    question speaks of, but should not repeat what only the answer says.
    """
    if not q.hint_md:
        return 0.0, []
    if q.type in LENGTH_TYPES:
        keys = [o.text_md for o in q.options if o.correct]
        others = [q.text_md, *(o.text_md for o in q.options if not o.correct)]
    elif q.type == "text":
        keys = [a.text for a in q.text_answers if a.score >= 1]
        others = [q.text_md]
    else:
        return 0.0, []
    common = set().union(*(terms(other) for other in others))
    hint = terms(q.hint_md)
    best: tuple[float, list[str]] = (0.0, [])
    for key in keys:
        distinguishing = terms(key) - common
        shared = sorted(distinguishing & hint)
        if distinguishing and len(shared) / len(distinguishing) > best[0]:
            best = (len(shared) / len(distinguishing), shared)
    return best


def above_options(q: Question) -> list[Option]:
    """The options of a choice question that read like "all/none of the above"."""
    if q.type not in LENGTH_TYPES:
        return []
    return [o for o in q.options if stands_for_others(o.text_md)]


@dataclass(frozen=True)
class QuizFigures:
    """The cue figures of a list of questions (a quiz as learners of one language see it)."""

    choice: int  #: single and multiple questions with keys and distractors
    longest: int  #: of those, with the key longer than every distractor
    clearly_longest: int  #: of those, with the key more than LONG_KEY_RATIO × every distractor
    single: int  #: single-choice questions
    positions: Counter[int]  #: key position (0 = first option) -> single-choice questions
    true_keys: int
    false_keys: int

    @property
    def top_position(self) -> tuple[int, int]:
        """The most frequent key position and how many single-choice keys stand there."""
        return self.positions.most_common(1)[0] if self.positions else (0, 0)


def quiz_figures(questions: list[Question]) -> QuizFigures:
    """Count the cues over `questions`."""
    ratios = [r for q in questions if (r := key_ratio(q)) is not None]
    positions = Counter(p for q in questions if (p := key_position(q)) is not None)
    keys = [k for q in questions if (k := truefalse_key(q)) is not None]
    return QuizFigures(
        choice=len(ratios),
        longest=sum(1 for r in ratios if r > 1),
        clearly_longest=sum(1 for r in ratios if r > LONG_KEY_RATIO),
        single=sum(positions.values()),
        positions=positions,
        true_keys=sum(keys),
        false_keys=len(keys) - sum(keys),
    )
