"""A quiz file uploaded in the browser (GIFT, Aiken or our Markdown), converted as `flask quiz convert`
converts it: the good questions are kept, each bad one is reported on its line (Moodle's behaviour).

Nothing is stored here: the trainer sees the result first and may then save its Markdown as the draft of
the module's quiz, which publishing checks like any other draft.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from app.authoring.services import FileRef, published_text
from app.content.markdown import render_markdown
from app.content.problems import Problem
from app.content.quiz.data import quiz_to_data
from app.content.quiz.formats import READERS, guess_format
from app.content.quiz.validate import LEFT_OUT
from app.content.quiz.writer import quiz_to_markdown


@dataclass(frozen=True)
class Skipped:
    """A question left out of the import, on its line in the uploaded file, with the errors that made it so."""

    line: int
    reasons: list[Problem]


@dataclass(frozen=True)
class Conversion:
    """The converted quiz (None when nothing could be converted) and what the conversion reported."""

    name: str
    format: str
    markdown: str | None
    quiz: dict[str, Any] | None
    problems: list[Problem]
    #: The lines where the kept questions start: a left-out question's errors lie before the next one.
    kept_lines: tuple[int, ...] = ()

    @property
    def skipped(self) -> list[Skipped]:
        """Each left-out question with its errors: those on its first line, or else those up to the next
        question (a GIFT question reports a bad answer on the answer's line)."""
        starts = sorted({p.line for p in self.problems if p.message == LEFT_OUT})
        bounds = sorted(set(starts) | set(self.kept_lines))
        found = []
        for line in starts:
            end = next((b for b in bounds if b > line), None)
            reasons = [p for p in self.errors if p.line == line] or [
                p for p in self.errors if line <= p.line and (end is None or p.line < end)
            ]
            found.append(Skipped(line, reasons))
        return found

    @property
    def other_errors(self) -> list[Problem]:
        """Errors that belong to no left-out question (an Aiken option before any question, say)."""
        attached = {id(p) for skipped in self.skipped for p in skipped.reasons}
        return [p for p in self.errors if id(p) not in attached]

    @property
    def errors(self) -> list[Problem]:
        """Errors other than the "left out" notes (a skipped question's reasons, or why nothing converted)."""
        return [p for p in self.problems if p.severity == "error" and p.message != LEFT_OUT]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def safe_name(filename: str) -> str:
    """The uploaded file's base name, as messages name it (browsers may send a whole Windows path)."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:100] or "upload"


def convert_upload(ref: FileRef, filename: str, data: bytes) -> Conversion:
    """Convert the uploaded ``data`` into a quiz file for ``ref`` (its language and path)."""
    name = safe_name(filename)
    source_format = guess_format(name, data)
    quiz, problems = READERS[source_format](data, name, skip_bad=True)
    if quiz is None:
        return Conversion(name, source_format, None, None, problems)
    quiz = replace(quiz, lang=ref.lang, path=ref.path, title=_title(ref, quiz.title, name))

    def render(md: str) -> str:  # imported files bring no images: any image reference is dropped
        return render_markdown(md, image_base=ref.module.slug, image_resolver=lambda _path: None)

    data_ = quiz_to_data(quiz, render, default_shuffle=bool(quiz.shuffle))
    kept = tuple(q.line for q in quiz.questions)
    return Conversion(name, source_format, quiz_to_markdown(quiz), data_, problems, kept)


def _title(ref: FileRef, converted: str, name: str) -> str:
    """The quiz's published title when the converter only had the file name to take one from (GIFT
    without a category, Aiken): importing into a quiz replaces its questions, not its name."""
    published = published_text(ref)
    from_name = converted == name.split(".")[0] or converted == "Imported quiz"
    return published.title if published is not None and from_name else converted
