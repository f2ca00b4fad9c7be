"""The question heading `## {#id type=single points=2 scoring=partial shuffle=false}`.

The heading carries the structure every translation must repeat, so it is read strictly: unknown or
repeated attributes are errors (with a suggestion for typos), never silently ignored.
"""

import difflib
from dataclasses import dataclass
from typing import cast

from app.content.messages import N_
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
        fail(N_("a question heading holds only attributes in braces, like '## {#my-question type=single}'"))
        return None
    heading = Heading()
    given: dict[str, str] = {}
    for token in content[1:-1].split():
        if token.startswith("#"):
            if heading.id:
                fail(
                    N_(
                        "the heading has two ids ('%(first)s' and '%(second)s')",
                        first=heading.id,
                        second=token[1:],
                    )
                )
            elif not is_id(token[1:]):
                fail(N_("bad question id '%(id)s': use lower-case letters, digits and hyphens", id=token[1:]))
            else:
                heading.id = token[1:]
            continue
        key, equals, value = token.partition("=")
        if not equals or not key:
            fail(
                N_("bad attribute '%(token)s' in the heading: write key=value, like type=single", token=token)
            )
        elif key not in ATTRIBUTES:
            close = difflib.get_close_matches(key, ATTRIBUTES, n=1)
            if close:
                fail(N_("unknown attribute '%(key)s' (did you mean '%(close)s'?)", key=key, close=close[0]))
            else:
                fail(N_("unknown attribute '%(key)s' (use %(known)s)", key=key, known=", ".join(ATTRIBUTES)))
        elif key in given:
            fail(N_("attribute '%(key)s' is given twice", key=key))
        else:
            given[key] = value
    if not heading.id and "#" not in content:
        fail(N_("the question heading has no id: write it like '## {#my-question type=single}'"))

    written_type = given.get("type")
    if written_type is None:
        fail(N_("the question has no type: add type= with one of %(types)s", types=", ".join(QUESTION_TYPES)))
    elif written_type not in QUESTION_TYPES:
        close = difflib.get_close_matches(written_type, QUESTION_TYPES, n=1)
        types = ", ".join(QUESTION_TYPES)
        if close:
            message = N_(
                "unknown question type '%(type)s' (did you mean '%(close)s'? types: %(types)s)",
                type=written_type,
                close=close[0],
                types=types,
            )
        else:
            message = N_(
                "unknown question type '%(type)s' (types: %(types)s)", type=written_type, types=types
            )
        fail(message)
    else:
        heading.type = cast(QuestionType, written_type)
    if "points" in given:
        points = read_file_number(given["points"])
        if points is None or points <= 0:
            fail(N_("points must be a positive number, not '%(value)s'", value=given["points"]))
        else:
            heading.points = points
    if "scoring" in given:
        if given["scoring"] not in SCORINGS:
            fail(
                N_(
                    "scoring must be one of %(known)s, not '%(value)s'",
                    known=", ".join(SCORINGS),
                    value=given["scoring"],
                )
            )
        elif heading.type is not None and heading.type not in SCORED_TYPES:
            fail(
                N_(
                    "scoring= applies to multiple, matching and ordering questions, not to %(type)s",
                    type=heading.type,
                )
            )
        else:
            heading.scoring = cast(Scoring, given["scoring"])
    if "shuffle" in given:
        if given["shuffle"] not in ("true", "false"):
            fail(N_("shuffle must be true or false, not '%(value)s'", value=given["shuffle"]))
        else:
            heading.shuffle = given["shuffle"] == "true"
            if heading.type is not None and heading.type not in SHUFFLED_TYPES:
                if heading.type in ("matching", "ordering"):
                    message = N_(
                        "shuffle= has no effect on %(type)s questions (they are always shuffled)",
                        type=heading.type,
                    )
                else:
                    message = N_(
                        "shuffle= has no effect on %(type)s questions (they are never shuffled)",
                        type=heading.type,
                    )
                fail(message, "warning")
    if "localized" in given:
        if given["localized"] not in ("true", "false"):
            fail(N_("localized must be true or false, not '%(value)s'", value=given["localized"]))
        else:
            heading.localized = given["localized"] == "true"
    return heading
