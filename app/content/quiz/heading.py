"""The question heading `## {#id type=single points=2 scoring=partial shuffle=false}`.

The heading carries the structure every translation must repeat, so it is read strictly: unknown or
repeated attributes are errors (with a suggestion for typos), never silently ignored.
"""

import difflib
from dataclasses import dataclass
from typing import cast

from app.content.problems import Problem, Severity
from app.content.quiz.model import QUESTION_TYPES, SCORED_TYPES, SCORINGS, QuestionType, Scoring
from app.content.quiz.syntax import is_id, read_file_number

ATTRIBUTES = ("type", "points", "scoring", "shuffle", "localized")
#: Types whose options follow the shuffle setting; matching and ordering are always shuffled, the rest never.
SHUFFLED_TYPES = frozenset({"single", "multiple"})
_MAX_PROBLEMS = 5


@dataclass
class Heading:
    """The attributes of a question heading; `type` is None when missing or unknown."""

    id: str = ""
    type: QuestionType | None = None
    points: float = 1.0
    scoring: Scoring = "all"
    shuffle: bool | None = None
    localized: bool = False


def is_question_heading(line: str) -> bool:
    """Whether the line is a level-2 ATX heading (`## …`), the start of a question."""
    text = line.lstrip(" ")
    return len(line) - len(text) <= 3 and text.startswith("##") and (len(text) == 2 or text[2] in " \t")


def read_heading(line: str, number: int, path: str, problems: list[Problem]) -> Heading | None:
    """Read the heading on line `number`; None when it is not a `{…}` attribute heading at all."""

    reported = 0

    def fail(message: str, severity: Severity = "error") -> None:
        nonlocal reported
        reported += 1
        if reported <= _MAX_PROBLEMS:  # a line of garbage is one mistake, not thousands
            problems.append(Problem(path, number, message, severity))

    content = line.strip()[2:].strip()
    if not (content.startswith("{") and content.endswith("}")):
        fail("a question heading holds only attributes in braces, like '## {#my-question type=single}'")
        return None
    heading = Heading()
    given: dict[str, str] = {}
    for token in content[1:-1].split():
        if token.startswith("#"):
            if heading.id:
                fail(f"the heading has two ids ('{heading.id}' and '{token[1:]}')")
            elif not is_id(token[1:]):
                fail(f"bad question id '{token[1:]}': use lower-case letters, digits and hyphens")
            else:
                heading.id = token[1:]
            continue
        key, equals, value = token.partition("=")
        if not equals or not key:
            fail(f"bad attribute '{token}' in the heading: write key=value, like type=single")
        elif key not in ATTRIBUTES:
            close = difflib.get_close_matches(key, ATTRIBUTES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(ATTRIBUTES)}"
            fail(f"unknown attribute '{key}' ({hint})")
        elif key in given:
            fail(f"attribute '{key}' is given twice")
        else:
            given[key] = value
    if not heading.id and "#" not in content:
        fail("the question heading has no id: write it like '## {#my-question type=single}'")

    written_type = given.get("type")
    if written_type is None:
        fail(f"the question has no type: add type= with one of {', '.join(QUESTION_TYPES)}")
    elif written_type not in QUESTION_TYPES:
        close = difflib.get_close_matches(written_type, QUESTION_TYPES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        fail(f"unknown question type '{written_type}' ({hint}types: {', '.join(QUESTION_TYPES)})")
    else:
        heading.type = cast(QuestionType, written_type)
    if "points" in given:
        points = read_file_number(given["points"])
        if points is None or points <= 0:
            fail(f"points must be a positive number, not '{given['points']}'")
        else:
            heading.points = points
    if "scoring" in given:
        if given["scoring"] not in SCORINGS:
            fail(f"scoring must be one of {', '.join(SCORINGS)}, not '{given['scoring']}'")
        elif heading.type is not None and heading.type not in SCORED_TYPES:
            fail(f"scoring= applies to multiple, matching and ordering questions, not to {heading.type}")
        else:
            heading.scoring = cast(Scoring, given["scoring"])
    if "shuffle" in given:
        if given["shuffle"] not in ("true", "false"):
            fail(f"shuffle must be true or false, not '{given['shuffle']}'")
        else:
            heading.shuffle = given["shuffle"] == "true"
            if heading.type is not None and heading.type not in SHUFFLED_TYPES:
                always = "always" if heading.type in ("matching", "ordering") else "never"
                fail(
                    f"shuffle= has no effect on {heading.type} questions (they are {always} shuffled)",
                    "warning",
                )
    if "localized" in given:
        if given["localized"] not in ("true", "false"):
            fail(f"localized must be true or false, not '{given['localized']}'")
        else:
            heading.localized = given["localized"] == "true"
    return heading
