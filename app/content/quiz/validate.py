"""The rules a quiz must satisfy beyond its syntax, checked on the data rather than on the text.

The Markdown parser and the Moodle converters both build `Question`s and run them through these checks,
so a GIFT import can never produce a quiz the Markdown reader would refuse. Problems point at the line
each option, answer or pair came from.
"""

from collections.abc import Iterable, Sequence

from app.content.messages import N_
from app.content.problems import Problem, Severity
from app.content.quiz.model import Option, Question
from app.content.quiz.normalise import normalise_text

#: Reported on the first line of a question that a lenient import (`skip_bad`) leaves out.
LEFT_OUT = N_("this question is left out because of its errors")
_CHOICE_TYPES = ("single", "multiple", "truefalse")


def check_questions(questions: Sequence[Question], path: str) -> list[Problem]:
    """Every problem of these questions, including question ids used twice."""
    problems = check_ids(questions, path)
    for question in questions:
        problems.extend(check_question(question, path))
    return problems


def keep_good(questions: Sequence[Question], path: str, problems: list[Problem]) -> list[Question]:
    """The questions without errors (in a lenient import); the problems of all of them, and a `LEFT_OUT`
    error on the line of each question that is dropped (also the later one of two with the same id)."""
    kept: list[Question] = []
    first_line: dict[str, int] = {}
    for question in questions:
        found = check_question(question, path)
        if question.id in first_line:
            found.append(Problem(path, question.line, _duplicate_id(question.id, first_line[question.id])))
        problems.extend(found)
        if any(problem.severity == "error" for problem in found):
            problems.append(Problem(path, question.line, LEFT_OUT))
        else:
            kept.append(question)
            first_line[question.id] = question.line
    return kept


def check_ids(questions: Iterable[Question], path: str) -> list[Problem]:
    """Question ids used more than once."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for question in questions:
        if question.id in first_line:
            problems.append(Problem(path, question.line, _duplicate_id(question.id, first_line[question.id])))
        elif question.id:
            first_line[question.id] = question.line
    return problems


def _duplicate_id(question_id: str, first: int) -> str:
    return N_("duplicate question id '%(id)s' (first used on line %(line)s)", id=question_id, line=first)


def check_question(question: Question, path: str) -> list[Problem]:
    """The problems of one question."""
    checker = _Checker(question, path)
    if not question.text_md.strip():
        checker.fail(question.line, N_("question '%(id)s' has no text", id=question.id))
    if question.type in _CHOICE_TYPES:
        checker.choices()
    elif question.type == "text":
        checker.text_answers()
    elif question.type == "numeric":
        checker.numeric_answers()
    elif question.type == "matching":
        checker.pairs()
    elif question.type == "ordering":
        checker.ordering()
    return checker.problems


_DUPLICATE_OPTION = N_("duplicate option id '%(id)s' (first on line %(line)s)").template
_DUPLICATE_ITEM = N_("duplicate item id '%(id)s' (first on line %(line)s)").template


class _Checker:
    def __init__(self, question: Question, path: str) -> None:
        self.q = question
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def unique_ids(self, items: Iterable[Option], what: str) -> None:
        seen: dict[str, int] = {}
        for item in items:
            if item.id in seen:
                template = _DUPLICATE_ITEM if what == "item" else _DUPLICATE_OPTION
                self.fail(item.line, N_(template, id=item.id, line=seen[item.id]))
            else:
                seen[item.id] = item.line

    def choices(self) -> None:
        q = self.q
        if not q.options:
            self.fail(q.line, N_("question '%(id)s' has no options: add lines like '- [x] a) text'", id=q.id))
            return
        self.unique_ids(q.options, "option")
        correct = sum(option.correct for option in q.options)
        if q.type == "truefalse":
            self.truefalse(correct)
            return
        if len(q.options) < 2:
            self.fail(q.line, N_("question '%(id)s' needs at least two options", id=q.id))
        for option in q.options:
            if not option.text_md.strip():
                self.fail(option.line, N_("option '%(id)s' has no text", id=option.id))
        if correct == 0:
            message = N_(
                "a %(type)s question needs at least one correct option marked [x], question '%(id)s' has %(count)s",
                type=q.type,
                id=q.id,
                count=correct,
            )
            self.fail(q.line, message)
        elif q.type == "single" and correct == len(q.options) > 1:
            message = N_(
                "every option of single question '%(id)s' is marked [x]: mark the wrong ones [ ]", id=q.id
            )
            self.fail(q.line, message)
        elif q.type == "single" and correct > 1:
            # Moodle's single choice with several 100% answers (GIFT `{=a =b ~c}`): any one of them is right
            message = N_(
                "single question '%(id)s' has %(count)s correct options: choosing any one of them gives "
                "full points (use type=multiple if all of them must be chosen)",
                id=q.id,
                count=correct,
            )
            self.fail(q.line, message, "warning")

    def truefalse(self, correct: int) -> None:
        q = self.q
        for option in q.options:
            if option.id not in ("true", "false"):
                self.fail(
                    option.line,
                    N_(
                        "the options of a truefalse question are 'true)' and 'false)', not '%(id)s)'",
                        id=option.id,
                    ),
                )
            if option.pinned:
                self.fail(
                    option.line,
                    N_("{pin} has no effect in a truefalse question (it is never shuffled)"),
                    "warning",
                )
        ids = sorted(option.id for option in q.options)
        if ids != ["false", "true"] and all(option.id in ("true", "false") for option in q.options):
            self.fail(
                q.line,
                N_("truefalse question '%(id)s' needs exactly the two options 'true)' and 'false)'", id=q.id),
            )
        if correct != 1:
            self.fail(
                q.line,
                N_(
                    "truefalse question '%(id)s' needs exactly one of true/false marked [x], has %(count)s",
                    id=q.id,
                    count=correct,
                ),
            )

    def score(self, line: int, score: float) -> None:
        if not 0 < score <= 1:
            self.fail(
                line,
                N_("score must be greater than 0 and at most 1, not %(score)s", score=format(score, "g")),
            )

    def full_marks_reachable(self, scores: list[float]) -> None:
        if scores and max(scores) < 1:
            self.fail(
                self.q.line,
                N_("no answer of question '%(id)s' gives full points (score=1)", id=self.q.id),
                "warning",
            )

    def text_answers(self) -> None:
        q = self.q
        if not q.text_answers:
            self.fail(
                q.line, N_("question '%(id)s' has no accepted answers: add lines like '= answer'", id=q.id)
            )
            return
        seen: dict[str, int] = {}
        for answer in q.text_answers:
            self.score(answer.line, answer.score)
            key = normalise_text(answer.text)
            if not key:
                self.fail(answer.line, N_("empty accepted answer"))
            elif key in seen:
                message = N_(
                    "accepted answer '%(answer)s' is the same as the one on line %(line)s and is never used",
                    answer=answer.text,
                    line=seen[key],
                )
                self.fail(answer.line, message, "warning")
            else:
                seen[key] = answer.line
        self.full_marks_reachable([answer.score for answer in q.text_answers])

    def numeric_answers(self) -> None:
        q = self.q
        if not q.numeric_answers:
            self.fail(
                q.line,
                N_(
                    "question '%(id)s' has no accepted answers: add lines like '= 42' or '= 25 +- 1'", id=q.id
                ),
            )
            return
        for answer in q.numeric_answers:
            self.score(answer.line, answer.score)
            if answer.tol is not None and answer.tol < 0:
                self.fail(
                    answer.line,
                    N_("tolerance must not be negative, not %(tol)s", tol=format(answer.tol, "g")),
                )
            if answer.low is not None and answer.high is not None and answer.low > answer.high:
                message = N_(
                    "range [%(low)s, %(high)s] is empty: low is above high",
                    low=format(answer.low, "g"),
                    high=format(answer.high, "g"),
                )
                self.fail(answer.line, message)
        self.full_marks_reachable([answer.score for answer in q.numeric_answers])

    def pairs(self) -> None:
        q = self.q
        if not q.pairs:
            self.fail(q.line, N_("question '%(id)s' has no table: add '| id | left | right |' rows", id=q.id))
            return
        seen: dict[str, int] = {}
        for pair in q.pairs:
            if pair.id in seen:
                self.fail(
                    pair.line,
                    N_("duplicate pair id '%(id)s' (first on line %(line)s)", id=pair.id, line=seen[pair.id]),
                )
            seen.setdefault(pair.id, pair.line)
            if not pair.right_md.strip():
                self.fail(pair.line, N_("pair '%(id)s' has no right-hand side", id=pair.id))
        if sum(not pair.is_distractor for pair in q.pairs) < 2:
            self.fail(
                q.line,
                N_("matching question '%(id)s' needs at least two pairs with a left-hand side", id=q.id),
            )

    def ordering(self) -> None:
        q = self.q
        self.unique_ids(q.options, "item")
        if len(q.options) < 2:
            self.fail(
                q.line,
                N_("ordering question '%(id)s' needs at least two items ('1. a) text' lines)", id=q.id),
            )
        for item in q.options:
            if not item.text_md.strip():
                self.fail(item.line, N_("item '%(id)s' has no text", id=item.id))
            if item.pinned:
                self.fail(item.line, N_("ordering items cannot be pinned"))
