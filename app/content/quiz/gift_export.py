"""Writing a quiz as Moodle GIFT, with Moodle-valid weights and a report of what GIFT cannot hold.

Texts are written as `[markdown]`, so Moodle renders them as we do; the quiz title becomes the category
the questions are imported into (`$CATEGORY:`), which is also where our import takes the title from. Multiple choice weights are chosen
so that Moodle's scoring equals ours: right options share 100%, and wrong options take -100/n% each
(partial-penalty) or -100% (partial, where one wrong tick loses everything). Hints, pins, points,
shuffle settings and ordering questions have no GIFT form and are reported as warnings.
"""

from collections.abc import Callable

from app.content.messages import N_
from app.content.problems import Problem, Severity
from app.content.quiz.gift_syntax import escape, escape_arrows, moodle_weight
from app.content.quiz.model import NumericAnswer, Question, Quiz
from app.content.quiz.syntax import format_number


def quiz_to_gift(quiz: Quiz) -> tuple[str, list[Problem]]:
    """The GIFT text of `quiz` and the problems of the conversion (errors mark skipped questions)."""
    writer = _GiftWriter(quiz.path)
    if quiz.shuffle is not None or quiz.pass_mark is not None:
        message = N_("shuffle and pass_mark are quiz settings in Moodle; GIFT does not carry them")
        writer.fail(1, message, "warning")
    title = " ".join(quiz.title.split())
    parts = [
        "// exported from ChInValue Academy; question names are the question ids, the category is the title\n"
        f"$CATEGORY: $course$/top/{title.replace('/', '//')}\n"
    ]
    for question in quiz.questions:
        written = writer.question(question)
        if written is not None:
            parts.append(written + "\n")
    return "\n".join(parts), writer.problems


class _GiftWriter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def question(self, q: Question) -> str | None:
        if q.type == "ordering":
            self.fail(
                q.line, N_("question '%(id)s' skipped: GIFT has no ordering questions", id=q.id), "warning"
            )
            return None
        self.report_losses(q)
        answers = self.answers(q)
        if answers is None:
            return None
        if q.explanation_md:
            answers.append(f"####{escape(q.explanation_md)}")
        head = f"::{escape(q.id)}::[markdown]{escape(q.text_md)}"
        if q.type == "truefalse":
            return f"{head}{{{answers[0]}{''.join(answers[1:])}}}"
        opening = "{#" if q.type == "numeric" else "{"
        return head + opening + "".join(f"\n\t{answer}" for answer in answers) + "\n}"

    def report_losses(self, q: Question) -> None:
        lost = []
        if q.points != 1:
            lost.append(
                N_("points=%(points)s (set the default mark in Moodle)", points=format_number(q.points))
            )
        if q.shuffle is not None:
            lost.append("shuffle=")
        if q.hint_md:
            lost.append(N_("the hint"))
        if any(option.pinned for option in q.options):
            lost.append(N_("{pin} (Moodle may move the option)"))
        if any(q.match_headers):
            lost.append(N_("the column titles"))
        if q.type == "matching" and q.scoring == "all":
            lost.append(N_("scoring=all (Moodle scores each pair)"))
        if q.type == "multiple" and q.scoring == "all":
            lost.append(N_("scoring=all (written as partial: Moodle has no all-or-nothing weights)"))
        if lost:
            message = N_("question '%(id)s': GIFT cannot express %(lost)s", id=q.id, lost=tuple(lost))
            self.fail(q.line, message, "warning")

    def answers(self, q: Question) -> list[str] | None:
        if q.type == "single":
            return [
                ("=" if o.correct else "~") + escape(o.text_md) + _feedback(o.feedback_md) for o in q.options
            ]
        if q.type == "multiple":
            return self.multiple(q)
        if q.type == "truefalse":
            true = next((o for o in q.options if o.id == "true"), None)
            false = next((o for o in q.options if o.id == "false"), None)
            if true is None or false is None:
                self.fail(q.line, N_("question '%(id)s' skipped: it lacks the true or false option", id=q.id))
                return None
            right, wrong = (true, false) if true.correct else (false, true)
            word = "TRUE" if true.correct else "FALSE"
            if not wrong.feedback_md and not right.feedback_md:
                return [word]
            return [word, f"#{escape(wrong.feedback_md)}"] + (
                [f"#{escape(right.feedback_md)}"] if right.feedback_md else []
            )
        if q.type == "text":
            for answer in q.text_answers:
                if "->" in answer.text:
                    message = N_(
                        "question '%(id)s': GIFT has no escape for '->' (Moodle would read a matching "
                        "question); written as '-\\>', which our import reads back, but Moodle keeps the "
                        "backslash: correct this answer after importing the file into Moodle",
                        id=q.id,
                    )
                    self.fail(answer.line or q.line, message, "warning")
            weighted = [
                (self.weight(q, a.score), escape_arrows(a.text) + _feedback(a.feedback_md, escape_arrows))
                for a in q.text_answers
            ]
            return self.accepted(weighted)
        if q.type == "numeric":
            weighted = [
                (self.weight(q, a.score), self.number(q, a) + _feedback(a.feedback_md))
                for a in q.numeric_answers
            ]
            return self.accepted(weighted)
        return self.pairs(q)

    def multiple(self, q: Question) -> list[str] | None:
        right_count = sum(option.correct for option in q.options)
        right = moodle_weight(1 / right_count) if right_count else None
        wrong = (
            moodle_weight(-1 / right_count if q.scoring == "partial-penalty" else -1) if right_count else None
        )
        if right is None or wrong is None:
            self.fail(
                q.line,
                N_(
                    "question '%(id)s' skipped: %(count)s right options give weights Moodle refuses",
                    id=q.id,
                    count=right_count,
                ),
            )
            return None
        return [
            f"~%{right if option.correct else wrong}%{escape(option.text_md)}{_feedback(option.feedback_md)}"
            for option in q.options
        ]

    def weight(self, q: Question, score: float) -> str | None:
        weight = moodle_weight(score)
        if weight is None:
            self.fail(
                q.line,
                N_(
                    "question '%(id)s': score %(score)s is not on Moodle's grade list (e.g. 0.5, 0.3333333)",
                    id=q.id,
                    score=format(score, "g"),
                ),
            )
        return weight

    def accepted(self, weighted: list[tuple[str | None, str]]) -> list[str] | None:
        if any(weight is None for weight, _ in weighted):
            return None
        return [f"={'' if weight == '100' else f'%{weight}%'}{answer}" for weight, answer in weighted]

    def number(self, q: Question, answer: NumericAnswer) -> str:
        value, tol = answer.value or 0.0, answer.tol or 0.0
        if answer.kind == "range":
            return f"{format_number(answer.low or 0.0)}..{format_number(answer.high or 0.0)}"
        if answer.kind == "exact":
            return format_number(value)
        if answer.kind == "rel":
            absolute = abs(value) * tol / 100
            message = N_(
                "question '%(id)s': the relative tolerance %(tol)s%% is written as the absolute tolerance %(absolute)s",
                id=q.id,
                tol=format_number(tol),
                absolute=format_number(absolute),
            )
            self.fail(answer.line or q.line, message, "warning")
            tol = absolute
        return f"{format_number(value)}:{format_number(tol)}"

    def pairs(self, q: Question) -> list[str] | None:
        # the first '->' separates the sides: one on the left is escaped (rendered as Markdown, `\>` is
        # `>` in Moodle too); the right side is plain text in Moodle and may hold arrows as they are
        return [f"={escape_arrows(pair.left_md)} -> {escape(pair.right_md)}" for pair in q.pairs]


def _feedback(feedback_md: str, escape_text: Callable[[str], str] = escape) -> str:
    return f"#{escape_text(feedback_md)}" if feedback_md else ""
