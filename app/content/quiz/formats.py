"""Which format a quiz file is in (Moodle GIFT, Aiken, or our Markdown) and the reader for each.

`flask quiz convert` and the trainers' upload in the browser guess alike: the file name's extension first,
then the content (`ANSWER:` lines without GIFT braces are Aiken).
"""

from collections.abc import Callable
from pathlib import PurePosixPath

from app.content.problems import Problem
from app.content.quiz.aiken import aiken_to_quiz
from app.content.quiz.gift import gift_to_quiz
from app.content.quiz.model import Quiz
from app.content.quiz.parser import parse_quiz

Reader = Callable[..., tuple[Quiz | None, list[Problem]]]
READERS: dict[str, Reader] = {"md": parse_quiz, "gift": gift_to_quiz, "aiken": aiken_to_quiz}
#: The extensions a quiz file may have; ".txt" is GIFT or Aiken, told apart by the content.
EXTENSIONS = (".gift", ".txt", ".md")


def guess_format(name: str, data: bytes) -> str:
    """ "md", "gift" or "aiken" for a file called ``name`` holding ``data``."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix == ".md":
        return "md"
    if suffix == ".gift":
        return "gift"
    text = data.decode("utf-8", errors="replace")
    if any(line.strip().upper().startswith("ANSWER:") for line in text.splitlines()) and "{" not in text:
        return "aiken"
    return "gift"
