"""How Moodle cuts a GIFT file into questions and a question's answers into pieces, keeping the file
line of every piece, and the format tags (`[html]`, `[markdown]` …) that may lead a text."""

from bisect import bisect_left
from dataclasses import dataclass, field

from app.content.quiz.gift_syntax import protect_escapes

FORMATS = ("html", "markdown", "plain", "moodle")


@dataclass(frozen=True)
class Block:
    """The text of one question (escapes protected, trimmed) and how to find its lines in the file."""

    text: str
    first_line: int
    raw: str  # the protected text before trimming
    lead: int  # characters trimmed from the start of `raw`
    #: positions of the line breaks in `raw`, so that finding a line takes log(n), not n, steps
    breaks: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "breaks", [i for i, char in enumerate(self.raw) if char == "\n"])

    def line(self, offset: int) -> int:
        """The file line of character `offset` of `text`."""
        return self.first_line + bisect_left(self.breaks, self.lead + max(offset, 0))


def blocks(lines: list[str]) -> list[Block]:
    """The questions as Moodle splits them: at blank lines, with comment lines blanked out."""
    found: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], 1):
        stripped = line.strip()
        if stripped:
            start = start if current else number
            current.append(" " if stripped.startswith("//") else stripped)
        elif current:
            raw = protect_escapes("\n".join(current))
            if raw.strip():
                found.append(Block(raw.strip(), start, raw, len(raw) - len(raw.lstrip())))
            current = []
    return found


def split_pieces(text: str, drop: str, keep: str = "") -> list[tuple[int, str]]:
    """Split `text` like Moodle's `explode`: at characters in `drop` (removed) and before characters in
    `keep` (kept with the next piece). Pieces are trimmed, an empty first one is dropped; each comes with
    its offset in `text`."""
    raw: list[tuple[int, str]] = []
    start = 0
    for index, char in enumerate(text):
        if char in drop:
            raw.append((start, text[start:index]))
            start = index + 1
        elif char in keep:
            raw.append((start, text[start:index]))
            start = index
    raw.append((start, text[start:]))
    pieces = [(offset + len(piece) - len(piece.lstrip()), piece.strip()) for offset, piece in raw]
    return pieces[1:] if pieces and not pieces[0][1] else pieces


def format_of(text: str) -> str:
    """The format a GIFT text names in a leading `[html]`, `[markdown]`, `[plain]` or `[moodle]`, else ""."""
    text = text.lstrip()
    name = text[1 : text.find("]")] if text.startswith("[") and "]" in text else ""
    return name if name in FORMATS else ""


def without_format(text: str) -> str:
    """The text without its format tag, as Moodle stores it: also an accepted answer, which is typed."""
    fmt = format_of(text)
    return text.lstrip()[len(fmt) + 2 :] if fmt else text
