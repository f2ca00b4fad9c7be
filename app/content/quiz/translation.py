"""Checking that a translated quiz has exactly the structure of its source.

The source language defines ids, order, types, points, scoring, shuffle, pins, correct marks, numbers,
pairs and order (docs/authoring.md, "Translations"); a translation that disagrees would grade a learner
differently depending on the language. Only prose and the accepted answers of text questions may differ.
A question marked `localized=true` in the translation is a deliberately different question in that
language: only its type, points, scoring and shuffle must agree, since it is graded by its own keys.
Problems carry the translation's line numbers, since that is the file to fix.
"""

from collections.abc import Sequence
from typing import Any

from app.content.problems import Problem, Severity
from app.content.quiz.model import Question, Quiz

_NUMERIC_FIELDS = ("kind", "value", "tol", "low", "high", "score")


def compare_translation(source: Quiz, translation: Quiz, path: str) -> list[Problem]:
    """Every structural disagreement of `translation` (the file `path`) with `source`."""
    comparison = _Comparison(path)
    comparison.quizzes(source, translation)
    return sorted(comparison.problems, key=lambda problem: problem.line)


class _Comparison:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def quizzes(self, source: Quiz, translation: Quiz) -> None:
        for name in ("shuffle", "pass_mark"):
            theirs, ours = getattr(translation, name), getattr(source, name)
            if theirs is not None and theirs != ours:
                self.fail(
                    1, f"{name} differs from the source ({_shown(ours)}); it belongs in the source only"
                )
        sources = {q.id: q for q in source.questions}
        translated = {q.id: q for q in translation.questions}
        for q in translation.questions:
            if q.id not in sources:
                self.fail(q.line, f"question '{q.id}' is not in the source")
        previous: Question | None = None  # the last question before it that the translation has
        for index, q in enumerate(source.questions):
            if q.id in translated:
                previous = translated[q.id]
                continue
            first_line = translation.questions[0].line if translation.questions else 1
            before = source.questions[index - 1].id if index else ""
            where = f"it follows '{before}'" if before else "it is the first question"
            self.fail(
                previous.line if previous else first_line,
                f"question '{q.id}' is missing ({where} in the source)",
            )
        in_both = [q for q in translation.questions if q.id in sources]
        self.order([q.id for q in source.questions if q.id in translated], in_both, "question")
        for q in in_both:
            self.question(sources[q.id], q)

    def question(self, src: Question, q: Question) -> None:
        for name in ("type", "points", "scoring", "shuffle"):
            theirs, ours = getattr(q, name), getattr(src, name)
            if theirs != ours:
                self.fail(
                    q.line, f"question '{q.id}': {name} is {_shown(theirs)}, the source has {_shown(ours)}"
                )
        if src.type != q.type or q.localized:
            return
        for name, label in (("hint_md", "hint"), ("explanation_md", "explanation")):
            if getattr(src, name) and not getattr(q, name):
                self.fail(q.line, f"question '{q.id}' has no {label}; the source has one", "warning")
            elif getattr(q, name) and not getattr(src, name):
                self.fail(q.line, f"question '{q.id}' has a {label}; the source has none", "warning")
        if src.type in ("single", "multiple", "truefalse", "ordering"):
            self.options(src, q)
        elif src.type == "numeric":
            self.numeric(src, q)
        elif src.type == "matching":
            self.pairs(src, q)

    def options(self, src: Question, q: Question) -> None:
        what = "item" if q.type == "ordering" else "option"
        if not self.same_ids([o.id for o in src.options], q.options, q, what):
            return
        for theirs, ours in zip(q.options, src.options, strict=True):
            if theirs.correct != ours.correct:
                mark = "[x]" if ours.correct else "[ ]"
                self.fail(
                    theirs.line,
                    f"option '{theirs.id}' of question '{q.id}' must be marked {mark} as in the source",
                )
            if theirs.pinned != ours.pinned:
                state = "pinned" if ours.pinned else "not pinned"
                self.fail(
                    theirs.line, f"{what} '{theirs.id}' of question '{q.id}' must be {state} as in the source"
                )

    def numeric(self, src: Question, q: Question) -> None:
        if len(src.numeric_answers) != len(q.numeric_answers):
            count, expected = len(q.numeric_answers), len(src.numeric_answers)
            self.fail(q.line, f"question '{q.id}' has {count} accepted answers, the source has {expected}")
            return
        for theirs, ours in zip(q.numeric_answers, src.numeric_answers, strict=True):
            if any(getattr(theirs, name) != getattr(ours, name) for name in _NUMERIC_FIELDS):
                self.fail(theirs.line, f"this accepted answer of question '{q.id}' differs from the source's")

    def pairs(self, src: Question, q: Question) -> None:
        if not self.same_ids([p.id for p in src.pairs], q.pairs, q, "row"):
            return
        for theirs, ours in zip(q.pairs, src.pairs, strict=True):
            if theirs.is_distractor != ours.is_distractor:
                state = (
                    "a distractor (empty left cell)" if ours.is_distractor else "a pair with a left-hand side"
                )
                self.fail(
                    theirs.line, f"row '{theirs.id}' of question '{q.id}' must be {state} as in the source"
                )

    def same_ids(self, expected: list[str], items: Sequence[Any], q: Question, what: str) -> bool:
        """Report missing, extra and reordered ids; False when any was found (then items cannot be paired)."""
        before = len(self.problems)
        present = {item.id for item in items}
        wanted = set(expected)
        for item in items:
            if item.id not in wanted:
                self.fail(item.line, f"{what} '{item.id}' of question '{q.id}' is not in the source")
        for item_id in expected:
            if item_id not in present:
                self.fail(q.line, f"question '{q.id}' lacks the {what} '{item_id}' of the source")
        self.order([i for i in expected if i in present], [item for item in items if item.id in wanted], what)
        return len(self.problems) == before and len(items) == len(expected)

    def order(self, expected: list[str], items: Sequence[Any], what: str) -> None:
        """Report the first place where the common ids stand in a different order than in the source."""
        for want, item in zip(expected, items, strict=False):
            if item.id != want:
                self.fail(
                    item.line,
                    f"{what}s are in another order than in the source: expected '{want}' here, not '{item.id}'",
                )
                return


def check_source(source: Quiz, path: str) -> list[Problem]:
    """Problems only a source-language quiz can have: `localized=` belongs in translations."""
    return [
        Problem(
            path,
            q.line,
            f"question '{q.id}': localized=true belongs in a translation's heading, not in the source",
        )
        for q in source.questions
        if q.localized
    ]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return "not set" if value is None else str(value)
