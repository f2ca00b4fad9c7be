"""The rules a quiz must satisfy beyond its syntax, checked on the data rather than on the text.

The Markdown parser and the Moodle converters both build `Question`s and run them through these checks,
so a GIFT import can never produce a quiz the Markdown reader would refuse. Problems point at the line
each option, answer or pair came from.
"""

from collections.abc import Iterable, Sequence

from app.content.problems import Problem, Severity
from app.content.quiz.model import Option, Question
from app.content.quiz.normalise import normalise_text

#: Reported on the first line of a question that a lenient import (`skip_bad`) leaves out.
LEFT_OUT = "this question is left out because of its errors"
_CHOICE_RULE = {"single": "at least one", "multiple": "at least one", "truefalse": "exactly one"}


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
            message = f"duplicate question id '{question.id}' (first used on line {first_line[question.id]})"
            found.append(Problem(path, question.line, message))
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
            message = f"duplicate question id '{question.id}' (first used on line {first_line[question.id]})"
            problems.append(Problem(path, question.line, message))
        elif question.id:
            first_line[question.id] = question.line
    return problems


def check_question(question: Question, path: str) -> list[Problem]:
    """The problems of one question."""
    checker = _Checker(question, path)
    if not question.text_md.strip():
        checker.fail(question.line, f"question '{question.id}' has no text")
    if question.type in _CHOICE_RULE:
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
                self.fail(item.line, f"duplicate {what} id '{item.id}' (first on line {seen[item.id]})")
            else:
                seen[item.id] = item.line

    def choices(self) -> None:
        q = self.q
        if not q.options:
            self.fail(q.line, f"question '{q.id}' has no options: add lines like '- [x] a) text'")
            return
        self.unique_ids(q.options, "option")
        correct = sum(option.correct for option in q.options)
        if q.type == "truefalse":
            self.truefalse(correct)
            return
        if len(q.options) < 2:
            self.fail(q.line, f"question '{q.id}' needs at least two options")
        for option in q.options:
            if not option.text_md.strip():
                self.fail(option.line, f"option '{option.id}' has no text")
        if correct == 0:
            self.fail(
                q.line,
                f"a {q.type} question needs {_CHOICE_RULE[q.type]} correct option marked [x], "
                f"question '{q.id}' has {correct}",
            )
        elif q.type == "single" and correct == len(q.options) > 1:
            self.fail(
                q.line, f"every option of single question '{q.id}' is marked [x]: mark the wrong ones [ ]"
            )
        elif q.type == "single" and correct > 1:
            # Moodle's single choice with several 100% answers (GIFT `{=a =b ~c}`): any one of them is right
            message = (
                f"single question '{q.id}' has {correct} correct options: choosing any one of them gives "
                "full points (use type=multiple if all of them must be chosen)"
            )
            self.fail(q.line, message, "warning")

    def truefalse(self, correct: int) -> None:
        q = self.q
        for option in q.options:
            if option.id not in ("true", "false"):
                self.fail(
                    option.line,
                    f"the options of a truefalse question are 'true)' and 'false)', not '{option.id})'",
                )
            if option.pinned:
                self.fail(
                    option.line,
                    "{pin} has no effect in a truefalse question (it is never shuffled)",
                    "warning",
                )
        ids = sorted(option.id for option in q.options)
        if ids != ["false", "true"] and all(option.id in ("true", "false") for option in q.options):
            self.fail(
                q.line, f"truefalse question '{q.id}' needs exactly the two options 'true)' and 'false)'"
            )
        if correct != 1:
            self.fail(
                q.line,
                f"truefalse question '{q.id}' needs exactly one of true/false marked [x], has {correct}",
            )

    def score(self, line: int, score: float) -> None:
        if not 0 < score <= 1:
            self.fail(line, f"score must be greater than 0 and at most 1, not {score:g}")

    def full_marks_reachable(self, scores: list[float]) -> None:
        if scores and max(scores) < 1:
            self.fail(
                self.q.line, f"no answer of question '{self.q.id}' gives full points (score=1)", "warning"
            )

    def text_answers(self) -> None:
        q = self.q
        if not q.text_answers:
            self.fail(q.line, f"question '{q.id}' has no accepted answers: add lines like '= answer'")
            return
        seen: dict[str, int] = {}
        for answer in q.text_answers:
            self.score(answer.line, answer.score)
            key = normalise_text(answer.text)
            if not key:
                self.fail(answer.line, "empty accepted answer")
            elif key in seen:
                message = f"accepted answer '{answer.text}' is the same as the one on line {seen[key]} and is never used"
                self.fail(answer.line, message, "warning")
            else:
                seen[key] = answer.line
        self.full_marks_reachable([answer.score for answer in q.text_answers])

    def numeric_answers(self) -> None:
        q = self.q
        if not q.numeric_answers:
            self.fail(
                q.line, f"question '{q.id}' has no accepted answers: add lines like '= 42' or '= 25 +- 1'"
            )
            return
        for answer in q.numeric_answers:
            self.score(answer.line, answer.score)
            if answer.tol is not None and answer.tol < 0:
                self.fail(answer.line, f"tolerance must not be negative, not {answer.tol:g}")
            if answer.low is not None and answer.high is not None and answer.low > answer.high:
                self.fail(answer.line, f"range [{answer.low:g}, {answer.high:g}] is empty: low is above high")
        self.full_marks_reachable([answer.score for answer in q.numeric_answers])

    def pairs(self) -> None:
        q = self.q
        if not q.pairs:
            self.fail(q.line, f"question '{q.id}' has no table: add '| id | left | right |' rows")
            return
        seen: dict[str, int] = {}
        for pair in q.pairs:
            if pair.id in seen:
                self.fail(pair.line, f"duplicate pair id '{pair.id}' (first on line {seen[pair.id]})")
            seen.setdefault(pair.id, pair.line)
            if not pair.right_md.strip():
                self.fail(pair.line, f"pair '{pair.id}' has no right-hand side")
        if sum(not pair.is_distractor for pair in q.pairs) < 2:
            self.fail(q.line, f"matching question '{q.id}' needs at least two pairs with a left-hand side")

    def ordering(self) -> None:
        q = self.q
        self.unique_ids(q.options, "item")
        if len(q.options) < 2:
            self.fail(q.line, f"ordering question '{q.id}' needs at least two items ('1. a) text' lines)")
        for item in q.options:
            if not item.text_md.strip():
                self.fail(item.line, f"item '{item.id}' has no text")
            if item.pinned:
                self.fail(item.line, "ordering items cannot be pinned")
