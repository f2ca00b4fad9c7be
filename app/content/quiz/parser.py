"""Reading a quiz file (see docs/authoring.md, "Quiz files") into a `Quiz`, or into problems.

The file is read line by line, not through a Markdown AST: every problem must name the line a trainer
has to fix, and the structure (headings, option lists, tables, `:::` blocks) is simple enough that a
small state machine per question reads it in linear time. Code fences are honoured, so an example in a
question text never turns into an option. Nothing here raises on bad input; everything is a `Problem`.
"""

from app.content.decoding import decode_source
from app.content.messages import N_
from app.content.problems import Problem
from app.content.quiz.body import read_question
from app.content.quiz.header import read_quiz_header
from app.content.quiz.heading import is_question_heading
from app.content.quiz.model import Quiz
from app.content.quiz.validate import LEFT_OUT, check_ids, check_question, keep_good


def parse_quiz(
    source: str | bytes, path: str = "<quiz>", *, skip_bad: bool = False
) -> tuple[Quiz | None, list[Problem]]:
    """Parse a quiz file; the quiz is None when any problem is an error (warnings leave it usable).

    :param skip_bad: for conversions: leave out the questions with errors (each reported on its line)
        and return the others; None when no question is good or the file has an error outside the
        questions (front matter, text before the first question, an unclosed code block).
    """
    lines, problems = decode_source(source, path)
    if lines is None:
        return None, problems
    front, start, front_problems = read_quiz_header(lines, path)
    problems.extend(front_problems)
    code = code_lines(lines, start, path, problems)
    headings = [i for i in range(start, len(lines)) if not code[i] and is_question_heading(lines[i])]
    first = headings[0] if headings else len(lines)
    stray = next((i for i in range(start, first) if lines[i].strip()), None)
    if stray is not None:
        message = N_(
            "text before the first question: every question starts with a heading like '## {#my-id type=single}'"
        )
        problems.append(Problem(path, stray + 1, message))
    if not headings and not (start == len(lines) and front_problems):  # an unclosed header swallowed all
        problems.append(Problem(path, min(start + 1, len(lines)), N_("the quiz has no questions")))
    file_error = any(problem.severity == "error" for problem in problems)
    questions = []
    for index, heading in enumerate(headings):
        end = headings[index + 1] if index + 1 < len(headings) else len(lines)
        question, readable = read_question(lines, code, heading, end, path, problems)
        if skip_bad and not (question is not None and readable):
            problems.append(Problem(path, heading + 1, LEFT_OUT))
        elif question is not None:
            questions.append(question)
            if readable and not skip_bad:
                problems.extend(check_question(question, path))
    if skip_bad:
        questions = keep_good(questions, path, problems)
    else:
        problems.extend(check_ids(questions, path))
    problems.sort(key=lambda problem: problem.line)
    if skip_bad and (file_error or not questions):
        return None, problems
    if not skip_bad and any(problem.severity == "error" for problem in problems):
        return None, problems
    quiz = Quiz(
        title=front.title,
        lang=front.lang,
        shuffle=front.shuffle,
        pass_mark=front.pass_mark,
        source_rev=front.source_rev,
        questions=tuple(questions),
        path=path,
    )
    return quiz, problems


def code_lines(lines: list[str], start: int, path: str, problems: list[Problem]) -> list[bool]:
    """For each line, whether it lies inside a fenced code block (after its opening fence, up to and
    including the closing one). An unclosed fence is reported; like CommonMark, it runs to the end."""
    code = [False] * len(lines)
    fence = ""
    opened = 0
    for index in range(start, len(lines)):
        text = lines[index].lstrip(" ")
        if fence:
            code[index] = True
            if text.startswith(fence) and not text.rstrip().strip(fence[0]):
                fence = ""
            continue
        marker = text[:3]
        if marker in ("```", "~~~"):
            run = len(text) - len(text.lstrip(marker[0]))
            if marker[0] == "~" or "`" not in text[run:]:
                fence, opened = marker[0] * run, index
    if fence:
        problems.append(
            Problem(
                path, opened + 1, N_("code block is not closed: end it with a line %(fence)s", fence=fence)
            )
        )
    return code
