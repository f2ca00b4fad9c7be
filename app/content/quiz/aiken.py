"""Importing Moodle Aiken files: single-choice questions with lettered options and an `ANSWER:` line.

```
Which office registers trademarks in China?
A) SAMR
B. CNIPA
ANSWER: B
```

Question text may run over several lines; options are `A)` or `A.` followed by a space (or, as Moodle
also reads them, `A)text` without one); the answer line closes the question. Questions get the ids q1, q2, …; options the ids a, b, … .
"""

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from app.content.decoding import decode_source
from app.content.messages import N_
from app.content.problems import Problem
from app.content.quiz.header import lang_of_path
from app.content.quiz.markup import plain_to_markdown
from app.content.quiz.model import Option, Question, Quiz
from app.content.quiz.validate import LEFT_OUT, check_questions, keep_good

_NO_ANSWER = N_("this question has no ANSWER: line after its options")


@dataclass
class _Draft:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)


def aiken_to_quiz(
    text: str | bytes, path: str = "<aiken>", *, skip_bad: bool = False
) -> tuple[Quiz | None, list[Problem]]:
    """Convert an Aiken file into a quiz; the quiz is None when any problem is an error.

    :param skip_bad: as Moodle imports: leave out the questions with errors (each reported on its line)
        and return the others; None only when no question could be converted.
    """
    lines, problems = decode_source(text, path)
    if lines is None:
        return None, problems
    questions: list[Question] = []
    draft: _Draft | None = None

    def fail(line: int, message: str, left_out: _Draft | None = None) -> None:
        problems.append(Problem(path, line, message))
        if skip_bad and left_out is not None:
            problems.append(Problem(path, left_out.line, LEFT_OUT))

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        start = _option_text(line, chr(ord("A") + len(draft.options)) if draft is not None else "A")
        if start is not None:
            if draft is None:
                fail(number, N_("an option comes before any question text"))
                continue
            text_md = plain_to_markdown(line[start:].strip())
            draft.options.append(Option(line[0].lower(), text_md, line=number))
        elif line[:7].upper() == "ANSWER:":
            if draft is None or not draft.options:
                fail(number, N_("ANSWER: without a question and its options before it"), draft)
                draft = None
                continue
            letter = line[7:].strip()
            ids = [option.id for option in draft.options]
            if len(letter) != 1 or letter.lower() not in ids:
                letters = ", ".join(option_id.upper() for option_id in ids)
                message = N_(
                    "ANSWER: must name one of the option letters %(letters)s, not '%(letter)s'",
                    letters=letters,
                    letter=letter,
                )
                fail(number, message, draft)
                draft = None
                continue
            options = tuple(
                Option(o.id, o.text_md, o.id == letter.lower(), line=o.line) for o in draft.options
            )
            text_md = "\n".join(draft.text)
            questions.append(
                Question(
                    f"q{len(questions) + 1}", "single", text_md=text_md, options=options, line=draft.line
                )
            )
            draft = None
        elif draft is not None and draft.options:
            fail(draft.line, _NO_ANSWER, draft)
            draft = _Draft(number, [plain_to_markdown(line)])
        elif draft is None:
            draft = _Draft(number, [plain_to_markdown(line)])
        else:
            draft.text.append(plain_to_markdown(line))
    if draft is not None:
        fail(draft.line, _NO_ANSWER, draft)
    if skip_bad:
        questions = keep_good(questions, path, problems)
    else:
        problems.extend(check_questions(questions, path))
    if not questions and not problems:
        problems.append(Problem(path, 1, N_("the file holds no questions")))
    problems.sort(key=lambda problem: problem.line)
    if not questions or not skip_bad and any(problem.severity == "error" for problem in problems):
        return None, problems
    name = PurePosixPath(path.replace("\\", "/")).name.split(".")[0]
    title = name if name and not path.startswith("<") else "Imported quiz"
    return Quiz(title=title, lang=lang_of_path(path), questions=tuple(questions), path=path), problems


def _option_text(line: str, expected: str) -> int | None:
    """Where the text of an option line starts, or None for a line that is not an option.

    `A) text` and `A. text` are options whatever the letter. Moodle also reads `A)text` without the
    space; so do we, but only for the letter that comes next (A, then B, …), so that a question text
    line like "U.S. law" is not taken for an option.
    """
    if len(line) < 2 or not "A" <= line[0] <= "Z" or line[1] not in ").":
        return None
    if len(line) >= 3 and line[2] in " \t":
        return 3
    return 2 if line[0] == expected else None
