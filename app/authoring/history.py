"""A file's revision history: who published what when, which source revision each translation was made
from, and which translations a change of the source left stale.

A translation names its source by ``source_rev``, a hash of the source file's text (app/content/revision.py);
here that hash is matched against the source-language text of every revision of the module text or quiz,
so the pages can link a translation to the revision it translates and diff the source changes since.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.authoring.models import Draft
from app.authoring.services import FileRef, current_draft, published_revision
from app.content.revision import source_rev
from app.courses.models import Module, ModuleRevision, ModuleText, QuizRevision, QuizText
from app.extensions import db

Revision = ModuleRevision | QuizRevision
Text = ModuleText | QuizText

#: ``source_rev: 0e44d7baafd0`` in a front matter (quoted or not); YAML would turn all-digit hashes into numbers.
_SOURCE_REV = re.compile(r"^source_rev:\s*[\"']?([0-9a-f]{12})[\"']?\s*(?:#.*)?$", re.M)


def named_source_rev(text: str) -> str | None:
    """The ``source_rev`` a file's front matter names, or None (a source file, or none written)."""
    normal = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not normal.startswith("---\n"):
        return None
    end = normal.find("\n---", 3)
    found = _SOURCE_REV.search(normal[: end if end > 0 else len(normal)])
    return found.group(1) if found else None


def _models(kind: str) -> tuple[type[Revision], type[Text]]:
    return (ModuleRevision, ModuleText) if kind == "module" else (QuizRevision, QuizText)


@dataclass(frozen=True)
class SourceLink:
    """What a translation names as its source: the hash, and the source-language revision with that text."""

    rev: str
    number: int | None  #: None when no revision of the source has that text


def source_numbers(ref: FileRef) -> dict[str, list[int]]:
    """source_rev -> the numbers of the revisions whose source-language file has that text, ascending."""
    revision_model, text_model = _models(ref.kind)
    rows = db.session.execute(
        select(revision_model.number, text_model.source)
        .join(text_model, text_model.revision_id == revision_model.id)
        .where(revision_model.module_id == ref.module.id, text_model.lang == ref.course.source_lang)
        .order_by(revision_model.number)
    )
    found: dict[str, list[int]] = {}
    for number, source in rows:
        found.setdefault(source_rev(source.encode("utf-8")), []).append(number)
    return found


def link_source(rev: str | None, numbers: dict[str, list[int]], upto: int | None = None) -> SourceLink | None:
    """The source revision ``rev`` names: the newest with that text not newer than ``upto``, else the oldest."""
    if rev is None:
        return None
    candidates = numbers.get(rev, [])
    earlier = [n for n in candidates if upto is None or n <= upto]
    return SourceLink(rev, earlier[-1] if earlier else (candidates[0] if candidates else None))


def translation_source(ref: FileRef, text: str, upto: int) -> SourceLink | None:
    """For a translation's text in revision ``upto``: the source revision it names (None for a source)."""
    if ref.lang == ref.course.source_lang:
        return None
    return link_source(named_source_rev(text), source_numbers(ref), upto)


@dataclass(frozen=True)
class RevisionRow:
    revision: Revision
    text: Text | None  #: this file in that revision
    author: User | None
    changed: bool  #: this file differs from the previous revision's
    translates: SourceLink | None  #: translations: the source revision this text was made from


def revision_history(ref: FileRef) -> list[RevisionRow]:
    """Every revision of the file's module text or quiz, newest first."""
    model, text_model = _models(ref.kind)
    revisions = list(
        db.session.scalars(
            select(model)
            .where(model.module_id == ref.module.id)
            .options(
                selectinload(model.texts).load_only(text_model.lang, text_model.stale, text_model.source)
            )
            .order_by(model.number)
        )
    )
    author_ids = {r.author_id for r in revisions if r.author_id is not None}
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(author_ids)))}
    is_source = ref.lang == ref.course.source_lang
    numbers = {} if is_source else source_numbers(ref)
    rows: list[RevisionRow] = []
    previous: str | None = None
    for revision in revisions:
        text = next((t for t in revision.texts if t.lang == ref.lang), None)
        source = text.source if text is not None else None
        link = (
            None
            if is_source or source is None
            else link_source(named_source_rev(source), numbers, revision.number)
        )
        rows.append(
            RevisionRow(revision, text, authors.get(revision.author_id or 0), source != previous, link)
        )
        previous = source
    return list(reversed(rows))


def revision_of(ref: FileRef, number: int) -> Revision | None:
    model, _text = _models(ref.kind)
    return db.session.scalar(select(model).where(model.module_id == ref.module.id, model.number == number))


@dataclass(frozen=True)
class Side:
    """One side of a diff: a revision's text of the file, or the current draft (``number`` None)."""

    number: int | None
    source: str

    @property
    def is_draft(self) -> bool:
        return self.number is None


def side_text(ref: FileRef, which: int | None) -> Side | None:
    """The file's text in revision ``which`` (None: the current draft); None when there is no such text."""
    if which is None:
        draft: Draft | None = current_draft(ref)
        return Side(None, draft.source) if draft is not None else None
    revision_model, text_model = _models(ref.kind)
    source = db.session.scalar(
        select(text_model.source)
        .join(revision_model, text_model.revision_id == revision_model.id)
        .where(
            revision_model.module_id == ref.module.id,
            revision_model.number == which,
            text_model.lang == ref.lang,
        )
    )
    return Side(which, source) if source is not None else None


@dataclass(frozen=True)
class StaleTranslation:
    """A published translation made from an older source text than the published one."""

    ref: FileRef
    source: SourceLink | None  #: the source revision it was made from (None: it names none)
    current: int  #: the published revision, whose source text it should follow
    current_rev: str  #: the source_rev that source text has: what the reviewed translation must name


def stale_translations(ref: FileRef) -> list[StaleTranslation]:
    """The published translations of ``ref``'s module text or quiz that are stale, in course order."""
    revision = published_revision(ref.module, ref.kind)
    if revision is None:
        return []
    stale = {t.lang: t for t in revision.texts if t.stale and t.lang != ref.course.source_lang}
    if not stale:
        return []
    source_ref = ref.sibling(ref.course.source_lang)
    numbers = source_numbers(source_ref)
    current_rev = next((rev for rev, found in numbers.items() if revision.number in found), "")
    return [
        StaleTranslation(
            ref.sibling(lang),
            link_source(named_source_rev(stale[lang].source), numbers),
            revision.number,
            current_rev,
        )
        for lang in ref.course.languages
        if lang in stale
    ]


def stale_counts(course_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """course id -> language -> how many of its published module texts and quizzes are stale translations."""
    ids = list(course_ids)
    counts: dict[int, dict[str, int]] = {}
    for text_model, current, quiz in (
        (ModuleText, Module.current_revision_id, False),
        (QuizText, Module.current_quiz_id, True),
    ):
        query = (
            select(Module.course_id, text_model.lang, func.count())
            .join(text_model, text_model.revision_id == current)
            .where(Module.course_id.in_(ids), Module.active.is_(True), text_model.stale.is_(True))
            .group_by(Module.course_id, text_model.lang)
        )
        if quiz:
            query = query.where(Module.has_quiz.is_(True))
        for course_id, lang, count in db.session.execute(query):
            per_lang = counts.setdefault(course_id, {})
            per_lang[lang] = per_lang.get(lang, 0) + count
    return counts
