"""Quiz revisions as the quiz pages use them, read and prepared once per process.

A quiz revision never changes once published (attempts refer to it; an edit publishes a new one), so its
texts are read by revision id once and kept: the quiz page, the grading of a submission and the result
page then need no query for the quiz and decode its JSON once, not per request. Bounded (least recently
used), since a long-running server sees every revision ever taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

from markupsafe import Markup
from sqlalchemy import bindparam, select

from app.content.quiz.data import quiz_from_data
from app.content.quiz.model import Quiz
from app.courses.models import QuizRevision, QuizText
from app.extensions import db

#: Revisions kept per process (a few hundred KB at most: a stored quiz is a few KB of JSON per language).
KEPT = 256


def _text(html: str) -> str:
    """The text of a stored (sanitised) HTML part, as Jinja's ``striptags`` gives it."""
    return Markup(html).striptags()  # noqa: S704  (sanitised at import; only its text is kept)


@dataclass(frozen=True, eq=False)
class QuizVersion:
    """One language of a revision: the stored quiz (read only: shared by every request of the process)."""

    lang: str
    data: dict[str, Any]
    #: Parts of the quiz page rendered from this text, per page language (app/quizzes/routes.py): kept as
    #: long as the revision is, so they are bounded with it.
    rendered: dict[str, tuple[Markup, ...]] = field(default_factory=dict)

    @cached_property
    def quiz(self) -> Quiz:
        """The quiz for grading and shuffling, built once."""
        return quiz_from_data(self.data)

    @cached_property
    def parts(self) -> MappingProxyType[str, dict[str, dict[str, Any]]]:
        """Per question id, as the quiz page looks them up: its options and matching pairs by id, and the
        plain text of the labels that allow no markup (select options; the HTML's tags stripped, once)."""
        plain = {}
        for q in self.data["questions"]:
            plain[q["id"]] = {
                "options": {o["id"]: o for o in q["options"]},
                "pairs": {p["id"]: p for p in q["pairs"]},
                "option_text": {o["id"]: _text(o["text_html"]) for o in q["options"]},
                "left_text": {p["id"]: _text(p["left_html"]) for p in q["pairs"]},
                "right_text": {p["id"]: _text(p["right_html"]) for p in q["pairs"]},
            }
        return MappingProxyType(plain)


@dataclass(frozen=True, eq=False)
class QuizDefinition:
    """A quiz revision's own pass mark (None: the course's) and its texts by language."""

    id: int
    pass_mark: float | None
    texts: tuple[QuizVersion, ...]  #: ordered by language, as ``QuizRevision.texts``

    def text(self, lang: str, fallback: str) -> QuizVersion:
        """The text in ``lang``, else in ``fallback`` (the course's source language), else the first."""
        by_lang = {text.lang: text for text in self.texts}
        return by_lang.get(lang) or by_lang.get(fallback) or self.texts[0]


#: Built once: constructing the statement costs more than running it.
_TEXTS = (
    select(QuizRevision.pass_mark, QuizText.lang, QuizText.data)
    .join(QuizText, QuizText.revision_id == QuizRevision.id)
    .where(QuizRevision.id == bindparam("revision_id"))
    .order_by(QuizText.lang)
)


@lru_cache(maxsize=KEPT)
def definition(revision_id: int) -> QuizDefinition:
    """The quiz revision ``revision_id``: one query the first time, none after."""
    rows = db.session.execute(_TEXTS, {"revision_id": revision_id}).all()
    if not rows:
        raise LookupError(f"quiz revision {revision_id} has no texts")
    texts = tuple(QuizVersion(r.lang, r.data) for r in rows)
    return QuizDefinition(revision_id, rows[0].pass_mark, texts)


def clear() -> None:
    """Forget every kept revision (tests that empty the database reuse ids; production never does)."""
    definition.cache_clear()
