"""Reading one question: its heading, text, answer block and `:::hint` / `:::explanation` blocks.

A small state machine walks the lines from the heading to the next heading. The question text runs until
the first line that starts the answer block of the question's type; after the answers only hint and
explanation blocks may follow. Lines inside code fences go wherever the line before them went.
"""

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from app.content.messages import N_
from app.content.problems import Problem
from app.content.quiz.answers import (
    LineError,
    is_separator,
    is_table_row,
    misplaced_option,
    option_mark,
    ordering_item,
    read_head,
    read_numeric,
    read_pair,
    split_row,
    split_score,
)
from app.content.quiz.heading import Heading, read_heading
from app.content.quiz.model import CHOICE_TYPES, Option, Question, QuestionType, TextAnswer

CALLOUTS = ("note", "tip", "warning")
EXTRA_BLOCKS = ("hint", "explanation")
TEXT, ANSWERS, AFTER = "text", "answers", "after"


@dataclass
class _Entry:
    """An option, accepted answer, table row or ordering item while its lines are being collected."""

    line: int
    value: Any  # Head (options, items), TextAnswer, NumericAnswer or MatchPair
    correct: bool = False
    text: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


def read_question(
    lines: list[str], code: list[bool], start: int, end: int, path: str, problems: list[Problem]
) -> tuple[Question | None, bool]:
    """The question whose heading is `lines[start]` and which ends before `lines[end]`, and whether all
    its lines could be read (when not, checking it further would report the consequences of one typo).

    The question is None when the heading is unusable (no type); the body is then skipped, since without
    a type its answer lines cannot be told apart from its text.
    """
    heading = read_heading(lines[start], start + 1, path, problems)
    if heading is None or heading.type is None:
        return None, False
    before = len(problems)
    reader = _BodyReader(lines, code, heading, heading.type, path, problems)
    for index in range(start + 1, end):
        reader.feed(index, end)
    readable = not any(problem.severity == "error" for problem in problems[before:])
    return reader.question(start + 1), readable


class _BodyReader:
    def __init__(
        self,
        lines: list[str],
        code: list[bool],
        heading: Heading,
        question_type: QuestionType,
        path: str,
        problems: list[Problem],
    ) -> None:
        self.lines, self.code, self.heading, self.path, self.problems = lines, code, heading, path, problems
        self.type = question_type
        self.phase = TEXT
        self.text: list[str] = []
        self.entries: list[_Entry] = []
        self.blocks: dict[str, tuple[int, str]] = {}
        self.headers = ("", "")
        self.header_seen = False
        self.table_closed = False
        self.expect_separator = False
        self.current: _Entry | None = None  # the entry indented lines continue
        self.blank_run = 0
        self.target: tuple[list[str], bool] | None = None  # where fenced code lines go; dedent them?
        self.skip_until = -1
        self.unexpected_reported = False
        self.options_reported = False

    # -- dispatch -----------------------------------------------------------------------------------

    def feed(self, index: int, end: int) -> None:
        if index <= self.skip_until:
            return
        line = self.lines[index]
        if self.code[index]:
            if self.target is not None:
                target, dedent = self.target
                target.append(_dedent(line) if dedent else line)
            return
        if line.startswith(":::"):
            self.block(index, end)
        elif not line.strip():
            self.blank()
        elif self.phase == TEXT:
            self.text_line(index)
        elif self.phase == ANSWERS:
            self.answer_line(index)
        else:
            self.unexpected(
                index,
                N_("only :::hint and :::explanation blocks may follow the answers (answers come first)"),
            )

    def fail(self, index: int, message: str) -> None:
        self.problems.append(Problem(self.path, index + 1, message))

    def unexpected(self, index: int, message: str) -> None:
        self.target = None
        self.current = None
        if not self.unexpected_reported:
            self.unexpected_reported = True
            self.fail(index, message)

    # -- question text ------------------------------------------------------------------------------

    def blank(self) -> None:
        if self.phase == TEXT:
            self.text.append("")
        elif self.entries:
            self.blank_run += 1
            if self.type == "matching":
                self.table_closed = True

    def text_line(self, index: int) -> None:
        line = self.lines[index]
        if self.type in CHOICE_TYPES and (why := misplaced_option(line)) is not None:
            self.target = None
            self.fail(index, why)
        elif self.starts_answers(line):
            self.phase = ANSWERS
            self.answer_line(index)
        elif option_mark(line) is not None:
            self.target = None
            if not self.options_reported:
                self.options_reported = True
                self.fail(
                    index,
                    N_(
                        "a %(type)s question takes no options ('- [x] …' lines); check its type=",
                        type=self.type,
                    ),
                )
        else:
            self.text.append(line)
            self.target = (self.text, False)

    def starts_answers(self, line: str) -> bool:
        if self.type in CHOICE_TYPES:
            return option_mark(line) is not None
        if self.type in ("text", "numeric"):
            return line.startswith("=")
        if self.type == "matching":
            return is_table_row(line)
        return ordering_item(line) is not None

    # -- answers ------------------------------------------------------------------------------------

    def answer_line(self, index: int) -> None:
        line = self.lines[index]
        if self.type in CHOICE_TYPES and (why := misplaced_option(line)) is not None:
            self.target = self.current = None
            self.fail(index, why)
            return
        if line.startswith(("  ", "\t")):
            self.continuation(index)
            return
        self.blank_run = 0
        try:
            if self.type in CHOICE_TYPES and (mark := option_mark(line)) is not None:
                self.option(index, *mark)
            elif self.type in ("text", "numeric") and line.startswith("="):
                self.accepted_answer(index, line[1:].strip())
            elif self.type == "matching" and is_table_row(line):
                self.table_row(index, line)
            elif self.type == "ordering" and (rest := ordering_item(line)) is not None:
                head = read_head(rest, "item")
                self.add(_Entry(index + 1, head, text=[head.text]), text_target=True)
            elif line.lstrip().startswith(">"):
                self.unexpected(
                    index, N_("feedback belongs under its answer, indented by two spaces: '  > …'")
                )
            else:
                self.unexpected(
                    index,
                    N_(
                        "unexpected text after the answers of question '%(id)s': the question text "
                        "goes before the answers, explanations into a :::explanation block",
                        id=self.heading.id,
                    ),
                )
        except LineError as exc:
            self.target = None
            self.current = None
            self.fail(index, exc.args[0])

    def add(self, entry: _Entry, text_target: bool = False) -> None:
        self.entries.append(entry)
        self.current = entry
        self.target = (entry.text, True) if text_target else None

    def option(self, index: int, mark: str, rest: str) -> None:
        if mark not in (" ", "x", "X"):
            raise LineError(
                N_("mark options with [x] (correct) or [ ] (wrong), not %(mark)s", mark="[" + mark + "]")
            )
        head = read_head(rest, "option")
        self.add(_Entry(index + 1, head, correct=mark in "xX", text=[head.text]), text_target=True)

    def accepted_answer(self, index: int, rest: str) -> None:
        if self.type == "numeric":
            self.add(_Entry(index + 1, read_numeric(rest)))
        else:
            text, score = split_score(rest)
            self.add(_Entry(index + 1, TextAnswer(text, score)))

    def table_row(self, index: int, line: str) -> None:
        cells = split_row(line)
        if self.table_closed:
            raise LineError(N_("the matching table continues after a blank line; keep its rows together"))
        if not self.header_seen:
            self.header_seen = self.expect_separator = True
            if len(cells) != 3:
                raise LineError(
                    N_(
                        "a matching table has three columns (id | left | right), this one has %(count)s",
                        count=len(cells),
                    )
                )
            self.headers = (cells[1], cells[2])
            return
        if self.expect_separator:
            self.expect_separator = False
            if is_separator(cells):
                return
            self.fail(
                index - 1,
                N_("the header row of a matching table must be followed by a line like |---|---|---|"),
            )
        self.add(_Entry(index + 1, read_pair(cells, index + 1)))

    def continuation(self, index: int) -> None:
        entry = self.current
        text = self.lines[index].lstrip(" \t")
        if entry is None:
            self.unexpected(
                index, N_("an indented line here belongs to no answer; indent only lines under an answer")
            )
            return
        blanks = [""] * self.blank_run
        self.blank_run = 0
        if text.startswith(">"):
            if self.type == "ordering":
                self.unexpected(index, N_("ordering items have no feedback ('>' lines)"))
                return
            content = text[1:].removeprefix(" ")
            entry.feedback.extend((blanks if entry.feedback else []) + [content])
            self.target = None
        elif entry.feedback:
            self.unexpected(
                index, N_("text after the feedback of an answer: every feedback line starts with '>'")
            )
        elif self.type in ("text", "numeric"):
            self.unexpected(index, N_("only feedback lines ('  > …') may follow an accepted answer"))
        else:
            entry.text.extend(blanks + [_dedent(self.lines[index])])
            self.target = (entry.text, True)

    # -- ::: blocks ---------------------------------------------------------------------------------

    def block(self, index: int, end: int) -> None:
        name = _block_name(self.lines[index])
        close = self.block_end(index, end)
        if close is None:
            self.fail(
                index,
                N_("the :::%(name)s block is not closed: end it with a line ':::'", name=name)
                if name
                else N_("':::' closes no block"),
            )
            self.skip_until = end if name else index
            return
        self.skip_until = close
        self.blank_run = 0
        self.target = self.current = None
        if name in EXTRA_BLOCKS:
            if name in self.blocks:
                self.fail(
                    index,
                    N_(
                        "second :::%(name)s block in this question (the first is on line %(line)s)",
                        name=name,
                        line=self.blocks[name][0],
                    ),
                )
                return
            content = _join(self.lines[index + 1 : close])
            if not content.strip():
                self.fail(index, N_("empty :::%(name)s block", name=name))
            self.blocks[name] = (index + 1, content)
            self.phase = AFTER
        elif name in CALLOUTS and self.phase == TEXT:
            self.text.extend(self.lines[index : close + 1])
        elif name in CALLOUTS:
            self.unexpected(
                index, N_("a :::%(name)s box belongs in the question text, before the answers", name=name)
            )
        else:
            message = N_(
                "unknown block ':::%(name)s' (use :::hint and :::explanation, or :::note, :::tip and :::warning "
                "in the question text)",
                name=name,
            )
            self.fail(index, message)

    def block_end(self, index: int, end: int) -> int | None:
        """The line closing the block opened at `index` (nested `:::` boxes included), or None."""
        if not _block_name(self.lines[index]):
            return None
        depth = 0
        for current in range(index, end):
            if self.code[current] or not self.lines[current].startswith(":::"):
                continue
            depth += 1 if _block_name(self.lines[current]) else -1
            if depth == 0:
                return current
        return None

    # -- result -------------------------------------------------------------------------------------

    def question(self, line: int) -> Question:
        h = self.heading
        base = Question(
            id=h.id,
            type=self.type,
            points=h.points,
            scoring=h.scoring,
            shuffle=h.shuffle,
            localized=h.localized,
            text_md=_join(self.text),
            hint_md=self.blocks.get("hint", (0, ""))[1],
            explanation_md=self.blocks.get("explanation", (0, ""))[1],
            line=line,
        )
        entries = self.entries
        if self.type in CHOICE_TYPES or self.type == "ordering":
            options = tuple(
                Option(e.value.id, _join(e.text), e.correct, _join(e.feedback), e.value.pinned, e.line)
                for e in entries
            )
            order = tuple(option.id for option in options) if self.type == "ordering" else ()
            return dataclasses.replace(base, options=options, order=order)
        if self.type == "text":
            answers = tuple(
                dataclasses.replace(e.value, feedback_md=_join(e.feedback), line=e.line) for e in entries
            )
            return dataclasses.replace(base, text_answers=answers)
        if self.type == "numeric":
            answers = tuple(
                dataclasses.replace(e.value, feedback_md=_join(e.feedback), line=e.line) for e in entries
            )
            return dataclasses.replace(base, numeric_answers=answers)
        pairs = tuple(e.value for e in entries)
        return dataclasses.replace(base, pairs=pairs, match_headers=self.headers)


def _block_name(line: str) -> str:
    """The name of a `:::name` opening line ("" for a closing `:::`)."""
    words = line.lstrip(":").split()
    return words[0] if words else ""


def _dedent(line: str) -> str:
    """A continuation line without its two-space (or tab) indentation."""
    return line[1:] if line.startswith("\t") else line[2:] if line.startswith("  ") else line.lstrip(" ")


def _join(lines: list[str]) -> str:
    """Lines as one Markdown text without leading or trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])
