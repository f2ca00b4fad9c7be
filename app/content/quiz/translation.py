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

from app.content.messages import N_
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
                message = N_(
                    "%(name)s differs from the source (%(value)s); it belongs in the source only",
                    name=name,
                    value=_shown(ours),
                )
                self.fail(1, message)
        sources = {q.id: q for q in source.questions}
        translated = {q.id: q for q in translation.questions}
        for q in translation.questions:
            if q.id not in sources:
                self.fail(q.line, N_("question '%(id)s' is not in the source", id=q.id))
        previous: Question | None = None  # the last question before it that the translation has
        for index, q in enumerate(source.questions):
            if q.id in translated:
                previous = translated[q.id]
                continue
            first_line = translation.questions[0].line if translation.questions else 1
            before = source.questions[index - 1].id if index else ""
            if before:
                message = N_(
                    "question '%(id)s' is missing (it follows '%(before)s' in the source)",
                    id=q.id,
                    before=before,
                )
            else:
                message = N_("question '%(id)s' is missing (it is the first question in the source)", id=q.id)
            self.fail(previous.line if previous else first_line, message)
        in_both = [q for q in translation.questions if q.id in sources]
        self.order([q.id for q in source.questions if q.id in translated], in_both, "question")
        for q in in_both:
            self.question(sources[q.id], q)

    def question(self, src: Question, q: Question) -> None:
        for name in ("type", "points", "scoring", "shuffle"):
            theirs, ours = getattr(q, name), getattr(src, name)
            if theirs != ours:
                message = N_(
                    "question '%(id)s': %(name)s is %(value)s, the source has %(source)s",
                    id=q.id,
                    name=name,
                    value=_shown(theirs),
                    source=_shown(ours),
                )
                self.fail(q.line, message)
        if src.type != q.type or q.localized:
            return
        for name, (lacks, extra) in _EXTRAS.items():
            if getattr(src, name) and not getattr(q, name):
                self.fail(q.line, N_(lacks, id=q.id), "warning")
            elif getattr(q, name) and not getattr(src, name):
                self.fail(q.line, N_(extra, id=q.id), "warning")
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
                message = N_(
                    "option '%(option)s' of question '%(id)s' must be marked %(mark)s as in the source",
                    option=theirs.id,
                    id=q.id,
                    mark=mark,
                )
                self.fail(theirs.line, message)
            if theirs.pinned != ours.pinned:
                template = _PINNED[what][ours.pinned]
                self.fail(theirs.line, N_(template, item=theirs.id, id=q.id))

    def numeric(self, src: Question, q: Question) -> None:
        if len(src.numeric_answers) != len(q.numeric_answers):
            count, expected = len(q.numeric_answers), len(src.numeric_answers)
            message = N_(
                "question '%(id)s' has %(count)s accepted answers, the source has %(expected)s",
                id=q.id,
                count=count,
                expected=expected,
            )
            self.fail(q.line, message)
            return
        for theirs, ours in zip(q.numeric_answers, src.numeric_answers, strict=True):
            if any(getattr(theirs, name) != getattr(ours, name) for name in _NUMERIC_FIELDS):
                self.fail(
                    theirs.line,
                    N_("this accepted answer of question '%(id)s' differs from the source's", id=q.id),
                )

    def pairs(self, src: Question, q: Question) -> None:
        if not self.same_ids([p.id for p in src.pairs], q.pairs, q, "row"):
            return
        for theirs, ours in zip(q.pairs, src.pairs, strict=True):
            if theirs.is_distractor != ours.is_distractor:
                if ours.is_distractor:
                    message = N_(
                        "row '%(item)s' of question '%(id)s' must be a distractor (empty left cell) as in the source",
                        item=theirs.id,
                        id=q.id,
                    )
                else:
                    message = N_(
                        "row '%(item)s' of question '%(id)s' must be a pair with a left-hand side as in the source",
                        item=theirs.id,
                        id=q.id,
                    )
                self.fail(theirs.line, message)

    def same_ids(self, expected: list[str], items: Sequence[Any], q: Question, what: str) -> bool:
        """Report missing, extra and reordered ids; False when any was found (then items cannot be paired)."""
        before = len(self.problems)
        present = {item.id for item in items}
        wanted = set(expected)
        for item in items:
            if item.id not in wanted:
                self.fail(item.line, N_(_NOT_IN_SOURCE[what], item=item.id, id=q.id))
        for item_id in expected:
            if item_id not in present:
                self.fail(q.line, N_(_LACKS[what], item=item_id, id=q.id))
        self.order([i for i in expected if i in present], [item for item in items if item.id in wanted], what)
        return len(self.problems) == before and len(items) == len(expected)

    def order(self, expected: list[str], items: Sequence[Any], what: str) -> None:
        """Report the first place where the common ids stand in a different order than in the source."""
        for want, item in zip(expected, items, strict=False):
            if item.id != want:
                self.fail(item.line, N_(_ORDER[what], want=want, found=item.id))
                return


def check_source(source: Quiz, path: str) -> list[Problem]:
    """Problems only a source-language quiz can have: `localized=` belongs in translations."""
    return [
        Problem(
            path,
            q.line,
            N_(
                "question '%(id)s': localized=true belongs in a translation's heading, not in the source",
                id=q.id,
            ),
        )
        for q in source.questions
        if q.localized
    ]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return N_("not set") if value is None else str(value)


# The templates that name a kind of entry: one sentence each, as languages decline the nouns differently.
_EXTRAS = {
    "hint_md": (
        N_("question '%(id)s' has no hint; the source has one").template,
        N_("question '%(id)s' has a hint; the source has none").template,
    ),
    "explanation_md": (
        N_("question '%(id)s' has no explanation; the source has one").template,
        N_("question '%(id)s' has an explanation; the source has none").template,
    ),
}
_PINNED = {
    "option": {
        True: N_("option '%(item)s' of question '%(id)s' must be pinned as in the source").template,
        False: N_("option '%(item)s' of question '%(id)s' must be not pinned as in the source").template,
    },
    "item": {
        True: N_("item '%(item)s' of question '%(id)s' must be pinned as in the source").template,
        False: N_("item '%(item)s' of question '%(id)s' must be not pinned as in the source").template,
    },
}
_NOT_IN_SOURCE = {
    "option": N_("option '%(item)s' of question '%(id)s' is not in the source").template,
    "item": N_("item '%(item)s' of question '%(id)s' is not in the source").template,
    "row": N_("row '%(item)s' of question '%(id)s' is not in the source").template,
}
_LACKS = {
    "option": N_("question '%(id)s' lacks the option '%(item)s' of the source").template,
    "item": N_("question '%(id)s' lacks the item '%(item)s' of the source").template,
    "row": N_("question '%(id)s' lacks the row '%(item)s' of the source").template,
}
_ORDER = {
    "question": N_(
        "questions are in another order than in the source: expected '%(want)s' here, not '%(found)s'"
    ).template,
    "option": N_(
        "options are in another order than in the source: expected '%(want)s' here, not '%(found)s'"
    ).template,
    "item": N_(
        "items are in another order than in the source: expected '%(want)s' here, not '%(found)s'"
    ).template,
    "row": N_(
        "rows are in another order than in the source: expected '%(want)s' here, not '%(found)s'"
    ).template,
}
