"""Importing Moodle GIFT files (writing them is `gift_export`), reading GIFT the way Moodle does.

The reading follows Moodle's `qformat_gift`: questions are separated by blank lines, `//` lines are
comments, escapes are resolved before anything else, and the question type is decided by Moodle's tests
in Moodle's order. What our format cannot express (essays, descriptions, partial credit in a single
choice, categories) is reported, never silently dropped; every problem names its line in the GIFT file.
"""

import re
from dataclasses import replace
from pathlib import PurePosixPath

from app.content.decoding import decode_source
from app.content.messages import N_
from app.content.problems import Problem, Severity
from app.content.quiz.gift_blocks import Block, blocks, format_of, split_pieces, without_format
from app.content.quiz.gift_export import quiz_to_gift
from app.content.quiz.gift_syntax import read_weight, restore_escapes
from app.content.quiz.header import lang_of_path
from app.content.quiz.markup import guard_lines, html_to_markdown, plain_to_markdown
from app.content.quiz.model import MatchPair, NumericAnswer, Option, Question, Quiz, Scoring, TextAnswer
from app.content.quiz.syntax import letter_ids, read_file_number, slugify
from app.content.quiz.validate import LEFT_OUT, check_questions, keep_good

__all__ = ["gift_to_quiz", "quiz_to_gift"]

#: The parts of a Moodle category path that name where the bank lives, not a category.
_CONTEXTS = ("$course$", "$system$", "$module$", "$coursecategory$", "$cat1$", "$cat2$", "top")
_BLANK = "\ue010"  # marks where the answers of a missing-word question stood
_TAG = re.compile(r"</?[a-zA-Z]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_EPSILON = 1e-4  # Moodle writes 1/3 as 33.33333%


def gift_to_quiz(
    text: str | bytes, path: str = "<gift>", *, skip_bad: bool = False
) -> tuple[Quiz | None, list[Problem]]:
    """Convert a GIFT file into a quiz; the quiz is None when any problem is an error.

    :param skip_bad: as Moodle imports: leave out the questions with errors (each reported on its line)
        and return the others; None only when no question could be converted.
    """
    lines, problems = decode_source(text, path)
    if lines is None:
        return None, problems
    reader = _GiftReader(path, problems)
    for block in blocks(lines):
        before, count = len(problems), len(reader.questions)
        reader.read(block)
        failed = any(problem.severity == "error" for problem in problems[before:])
        if skip_bad and failed and len(reader.questions) == count:
            problems.append(Problem(path, reader.line, LEFT_OUT))
    if skip_bad:
        questions = keep_good(reader.questions, path, problems)
    else:
        questions = reader.questions
        problems.extend(check_questions(questions, path))
    if not questions:
        problems.append(Problem(path, 1, N_("no question in this file could be converted")))
    problems.sort(key=lambda problem: problem.line)
    if not questions or not skip_bad and any(problem.severity == "error" for problem in problems):
        return None, problems
    name = PurePosixPath(path.replace("\\", "/")).name.split(".")[0]
    title = reader.category or (name if name and not path.startswith("<") else "Imported quiz")
    return Quiz(title=title, lang=lang_of_path(path), questions=tuple(questions), path=path), problems


class _GiftReader:
    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.questions: list[Question] = []
        self.category = ""
        self.ids: set[str] = set()
        self.count = 0
        self.html_reported = False
        self.line = 0  #: where the question being read starts (after its name)

    def fail(self, line: int, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def read(self, block: Block) -> None:
        text = block.text
        self.line = block.line(0)
        if text.startswith("$CATEGORY:"):
            self.read_category(restore_escapes(text[len("$CATEGORY:") :]).strip(), block.line(0))
            return
        self.count += 1
        offset, name = 0, ""
        if text.startswith("::"):
            end = text.find("::", 2)
            offset = 2 if end == -1 else end + 2
            name = "" if end == -1 else restore_escapes(text[2:end]).strip()
            offset += len(text[offset:]) - len(text[offset:].lstrip())
        body = text[offset:]
        line = self.line = block.line(offset)
        opening, closing = body.find("{"), body.find("}")
        if opening == -1 and closing == -1:
            self.fail(line, N_("description (text without answers) skipped: it is not a question"), "warning")
            return
        if opening == -1 or closing < opening:
            self.fail(
                line, N_("missing '{' or '}' around the answers (escape literal braces as \\{ and \\})")
            )
            return
        if "{" in body[opening + 1 :] or "}" in body[closing + 1 :]:
            self.fail(line, N_("a question has one answer block {…}; escape other braces as \\{ and \\}"))
            return
        if body.endswith("}"):
            question_text = body[:opening]
        else:
            question_text = body[:opening] + _BLANK + body[closing + 1 :]
            self.fail(
                line,
                N_("missing-word question: the blank is shown as '_____' in the question text"),
                "warning",
            )
        answers = body[opening + 1 : closing]
        general = ""
        if "####" in answers:
            cut = answers.rfind("####")
            answers, general = answers[:cut], answers[cut + 4 :]
        lead = len(answers) - len(answers.lstrip())
        fmt, text_md = self.markdown(question_text, "moodle", line)
        question = Question(
            id=self.new_id(name),
            type="single",
            text_md=text_md,
            explanation_md=self.markdown(general, fmt, line)[1],
            line=line,
        )
        answer_reader = _AnswerReader(self, block, question, fmt, offset + opening + 1 + lead)
        converted = answer_reader.convert(answers.strip())
        if converted is not None:
            self.questions.append(converted)

    def read_category(self, path: str, line: int) -> None:
        """The first category names the quiz (its last part; Moodle writes a `/` in a name as `//`); a
        category path with more levels, or a second category, is reported: one file is one quiz."""
        parts = [part.replace("\ue009", "/").strip() for part in path.replace("//", "\ue009").split("/")]
        parts = [part for part in parts if part]
        name = parts[-1] if parts else ""
        if not name:
            self.fail(line, N_("empty $CATEGORY: line ignored"), "warning")
        elif self.category and name != self.category:
            message = N_(
                "category '%(path)s' ignored: all questions go into one quiz, titled '%(title)s'",
                path=path,
                title=self.category,
            )
            self.fail(line, message, "warning")
        elif not self.category:
            self.category = name
            if len([p for p in parts if p not in _CONTEXTS]) > 1:
                message = N_(
                    "category '%(path)s': the quiz takes its title '%(title)s' from it; the levels above are not kept",
                    path=path,
                    title=name,
                )
                self.fail(line, message, "warning")

    def new_id(self, name: str) -> str:
        """A question id from the GIFT title (or q1, q2 … by position), unique in the quiz."""
        base = slugify(name) or f"q{self.count}"
        candidate, suffix = base, 2
        while candidate in self.ids:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        self.ids.add(candidate)
        return candidate

    def markdown(self, text: str, default: str, line: int) -> tuple[str, str]:
        """The format of a GIFT text (a leading `[html]`-style tag, else `default`) and the text as Markdown."""
        fmt = format_of(text) or default
        text = restore_escapes(without_format(text)).strip()
        if fmt == "markdown":
            converted = guard_lines(text)
        elif fmt == "html" or (fmt == "moodle" and _TAG.search(text)):
            if not self.html_reported:
                self.html_reported = True
                message = N_("HTML was converted to Markdown; check the formatting of the imported texts")
                self.fail(line, message, "warning")
            converted = html_to_markdown(text)
        else:
            converted = plain_to_markdown(text)
        return fmt, converted.replace(_BLANK, "\\_\\_\\_\\_\\_")


class _AnswerReader:
    """Converts the text between the braces, deciding the question type by Moodle's rules."""

    def __init__(self, reader: _GiftReader, block: Block, question: Question, fmt: str, offset: int) -> None:
        self.reader, self.block, self.q, self.fmt, self.offset = reader, block, question, fmt, offset

    def line(self, position: int) -> int:
        return self.block.line(self.offset + position)

    def fail(self, position: int, message: str, severity: Severity = "error") -> None:
        self.reader.fail(self.line(position), message, severity)

    def md(self, text: str, position: int) -> str:
        return self.reader.markdown(text, self.fmt, self.line(position))[1] if text else ""

    def convert(self, answers: str) -> Question | None:
        if not answers:
            self.fail(
                0, N_("essay question skipped: free-text answers cannot be graded automatically"), "warning"
            )
            return None
        if answers.startswith("#"):
            return self.numeric(answers)
        if "~" in answers:
            return self.choice(answers)
        if "=" in answers and "->" in answers:
            return self.matching(answers)
        word = answers[: answers.find("#")].strip() if answers.find("#") > 0 else answers
        if word in _TRUE_FALSE:
            return self.truefalse(answers)
        return self.short_answer(answers)

    def choice(self, answers: str) -> Question | None:
        single = "=" in answers
        pieces = split_pieces(answers, "~", "=")
        if len(pieces) < 2:
            self.fail(0, N_("a multiple-choice question needs at least two answers"))
            return None
        options, weights = [], []
        for option_id, (position, piece) in zip(letter_ids(len(pieces)), pieces, strict=True):
            if piece.startswith("="):
                weight, piece = 1.0, piece[1:]
            else:
                weight, piece = read_weight(piece) or (0.0, piece)
            text, _, feedback = piece.partition("#")
            weights.append(weight)
            if single and (weight < 0 or 0 < weight < 1 - _EPSILON):
                message = N_(
                    "the weight %(weight)s of answer '%(id)s' cannot be expressed in a single-choice "
                    "question; the answer counts as wrong",
                    weight=format(weight, ".5g"),
                    id=option_id,
                )
                self.fail(position, message, "warning")
            correct = weight >= 1 - _EPSILON if single else weight > 0
            text_md, feedback_md = self.md(text, position), self.md(feedback, position)
            options.append(Option(option_id, text_md, correct, feedback_md, line=self.line(position)))
        if single:
            return replace(self.q, type="single", options=tuple(options))
        return replace(self.q, type="multiple", options=tuple(options), scoring=self.scoring(weights))

    def scoring(self, weights: list[float]) -> Scoring:
        """The scoring rule that reproduces Moodle's weights; a warning where none does exactly."""
        right = [w for w in weights if w > 0]
        wrong = [w for w in weights if w <= 0]
        if right and any(abs(w - 1 / len(right)) > _EPSILON for w in right):
            self.fail(
                0, N_("unequal weights of right answers are not represented: each counts equally"), "warning"
            )
        if not right or all(abs(w + 1) < _EPSILON for w in wrong):
            return "partial"
        if all(abs(w + 1 / len(right)) < _EPSILON for w in wrong):
            return "partial-penalty"
        if all(w == 0 for w in wrong):
            message = N_(
                "Moodle gives credit for right answers even when wrong ones are ticked; converted to "
                "scoring=partial, which gives 0 once a wrong answer is ticked"
            )
            self.fail(0, message, "warning")
            return "partial"
        self.fail(
            0, N_("negative weights converted to scoring=partial-penalty, which differs slightly"), "warning"
        )
        return "partial-penalty"

    def matching(self, answers: str) -> Question | None:
        pieces = split_pieces(answers, "=")
        if len(pieces) < 2:
            self.fail(0, N_("a matching question needs at least two pairs"))
            return None
        pairs = []
        for pair_id, (position, piece) in zip(letter_ids(len(pieces)), pieces, strict=True):
            left, arrow, right = piece.partition("->")
            if not arrow:
                self.fail(position, N_("a matching answer is written '=left -> right'"))
                return None
            left_md = self.md(left, position).replace("\n", " ")
            right_md = plain_to_markdown(restore_escapes(right).strip()).replace("\n", " ")
            pairs.append(MatchPair(pair_id, left_md, right_md, line=self.line(position)))
        return replace(self.q, type="matching", pairs=tuple(pairs), scoring="partial")

    def truefalse(self, answers: str) -> Question:
        word, wrong, right = [*answers.split("#", 2), "", ""][:3]
        is_true = _TRUE_FALSE[word.strip()]
        true_feedback, false_feedback = (right, wrong) if is_true else (wrong, right)
        options = (
            Option("true", "", is_true, self.md(true_feedback, 0), line=self.line(0)),
            Option("false", "", not is_true, self.md(false_feedback, 0), line=self.line(0)),
        )
        return replace(self.q, type="truefalse", options=options)

    def short_answer(self, answers: str) -> Question:
        accepted = []
        for position, piece in split_pieces(answers, "="):
            weight, rest = self.weight(piece, position)
            if weight is not None:
                answer, _, feedback = rest.partition("#")
                text = " ".join(restore_escapes(without_format(answer)).split())
                accepted.append(
                    TextAnswer(text, weight, self.md(feedback, position), line=self.line(position))
                )
        return replace(self.q, type="text", text_answers=tuple(accepted))

    def numeric(self, answers: str) -> Question | None:
        body = answers[1:]
        other = body.find("~")
        if other != -1:
            self.fail(other + 1, N_("feedback for any other answer (~…) is not represented"), "warning")
            body = body[:other]
        accepted = []
        for position, piece in split_pieces(body, "="):
            weight, rest = self.weight(piece, position + 1)
            if weight is None:
                continue
            written, _, feedback = rest.partition("#")
            answer = self.number(restore_escapes(without_format(written)).strip(), position + 1)
            if answer is None:
                return None
            feedback_md = self.md(feedback, position + 1)
            accepted.append(
                replace(answer, score=weight, feedback_md=feedback_md, line=self.line(position + 1))
            )
        return replace(self.q, type="numeric", numeric_answers=tuple(accepted))

    def number(self, written: str, position: int) -> NumericAnswer | None:
        """`low..high`, `value:tolerance` or `value`, as Moodle reads them."""
        if written.find("..") > 0:
            low, _, high = written.partition("..")
            answer = NumericAnswer("range", low=read_file_number(low), high=read_file_number(high))
            numbers = [answer.low, answer.high]
        elif written.find(":") > 0:
            value, _, tol = written.partition(":")
            answer = NumericAnswer("abs", value=read_file_number(value), tol=read_file_number(tol))
            numbers = [answer.value, answer.tol]
        else:
            answer = NumericAnswer("exact", value=read_file_number(written))
            numbers = [answer.value]
        if None in numbers:
            self.fail(position, N_("cannot read the number(s) in '%(text)s'", text=written))
            return None
        return answer

    def weight(self, piece: str, position: int) -> tuple[float | None, str]:
        """The share of the points an accepted answer earns (1 without a weight); None, reported, for an
        answer earning nothing, which our format cannot list."""
        weighted = read_weight(piece)
        if weighted is None:
            return 1.0, piece
        weight, rest = weighted
        if not 0 < weight <= 1:
            self.fail(
                position,
                N_(
                    "answer with weight %(weight)s skipped: only answers earning points are kept",
                    weight=format(weight, ".5g"),
                ),
                "warning",
            )
            return None, rest
        return weight, rest
