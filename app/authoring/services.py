"""Editing course files in the browser: the checks of `flask courses check`, drafts, publishing.

Checking exports the course's published files into a temporary folder, writes the edited text over its
file and loads that folder with the loader `flask courses check` and `flask courses import` use. Publishing
imports the very same folder, only when it has no error, so a new revision is made exactly as an import
from files would make it: earlier revisions (and the attempts that refer to them) are never touched.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app.authoring.models import Draft
from app.content.course.loader import LoadedCourse
from app.content.frontmatter import split_front_matter
from app.content.markdown import render_markdown
from app.content.messages import N_, with_params
from app.content.problems import Problem, error, has_errors
from app.content.quiz.data import quiz_to_data
from app.content.quiz.parser import parse_quiz
from app.courses.exporter import export_course
from app.courses.importer import AssetHashes, import_course, load_for_import, module_link
from app.courses.models import (
    Course,
    Module,
    ModuleRevision,
    ModuleText,
    QuizRevision,
    QuizText,
)
from app.extensions import db
from app.timeutil import utcnow

log = logging.getLogger(__name__)

Revision = ModuleRevision | QuizRevision
Text = ModuleText | QuizText


@dataclass(frozen=True)
class FileRef:
    """One editable course file: ``<module>/<kind>.<lang>.md`` of ``course``."""

    course: Course
    module: Module
    kind: str  #: "module" or "quiz"
    lang: str

    @property
    def name(self) -> str:
        return f"{self.kind}.{self.lang}.md"

    @property
    def path(self) -> str:
        """The course-relative path, as `flask courses check` names the file."""
        return f"{self.module.slug}/{self.name}"

    def sibling(self, lang: str) -> FileRef:
        return FileRef(self.course, self.module, self.kind, lang)


@dataclass(frozen=True)
class Finding:
    """A checker problem with its path made course-relative; ``edited`` marks the files being edited."""

    path: str
    line: int
    message: str  #: English; a `Message` that pages show in the reader's language (filter problem_text)
    severity: str
    edited: bool


@dataclass
class Check:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass
class Preview:
    """What learners would see: the module's sanitised HTML, or the quiz as stored data (None if broken)."""

    title: str | None = None
    html: str | None = None
    quiz: dict[str, Any] | None = None


class PublishRefused(Exception):
    """The edited files (or files they affect) have errors: nothing was published."""

    def __init__(self, check: Check, preview: Preview) -> None:
        super().__init__(f"{check.errors} error(s)")
        self.check, self.preview = check, preview


class Outdated(Exception):
    """Someone published a newer revision since the editor was opened from ``base``."""

    def __init__(self, base: int, current: int) -> None:
        super().__init__(f"revision {current} was published after {base}")
        self.base, self.current = base, current


# --- reading ---------------------------------------------------------------------------------------


def normalise_source(text: str) -> str:
    """The text as a course file stores it: no byte-order mark, LF line endings (browsers send CRLF)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def published_revision(module: Module, kind: str) -> Revision | None:
    """What learners see; a quiz whose files were removed from the course has none (its revisions stay)."""
    if kind == "module":
        return module.published_revision()
    return module.published_quiz() if module.has_quiz else None


def published_number(ref: FileRef) -> int:
    """The number of the published revision of the file's module text or quiz; 0 when there is none."""
    revision = published_revision(ref.module, ref.kind)
    return revision.number if revision is not None else 0


def published_text(ref: FileRef) -> Text | None:
    """The file in the published revision; None when that revision has no text in ``ref.lang``."""
    revision = published_revision(ref.module, ref.kind)
    if revision is None:
        return None
    return next((text for text in revision.texts if text.lang == ref.lang), None)


def current_draft(ref: FileRef) -> Draft | None:
    return db.session.scalar(
        select(Draft)
        .where(Draft.module_id == ref.module.id, Draft.kind == ref.kind, Draft.lang == ref.lang)
        .options(selectinload(Draft.author))
    )


def other_drafts(ref: FileRef) -> list[Draft]:
    """Drafts of the same module file in the course's other languages (to publish them together)."""
    drafts = db.session.scalars(
        select(Draft)
        .where(Draft.module_id == ref.module.id, Draft.kind == ref.kind, Draft.lang != ref.lang)
        .options(selectinload(Draft.author))
    )
    order = {lang: i for i, lang in enumerate(ref.course.languages)}
    return sorted((d for d in drafts if d.lang in order), key=lambda d: order[d.lang])


def save_draft(ref: FileRef, text: str, author_id: int, base_number: int) -> Draft:
    """Store ``text`` as the file's current draft, errors and all; learners never see drafts (flushes)."""
    draft = current_draft(ref)
    if draft is None:
        draft = Draft(module_id=ref.module.id, kind=ref.kind, lang=ref.lang)
        db.session.add(draft)
    draft.source = normalise_source(text)
    draft.author_id = author_id
    draft.base_number = base_number
    draft.updated_at = utcnow()
    db.session.flush()
    db.session.refresh(draft)
    log.info("draft of %s/%s saved by user %s", ref.course.slug, ref.path, author_id)
    return draft


# --- checking and publishing -----------------------------------------------------------------------


@contextmanager
def _materialised(course: Course, files: dict[str, str]) -> Iterator[Path]:
    """The course's published files in a temporary folder, with ``files`` (path -> text) written over."""
    with tempfile.TemporaryDirectory(prefix="authoring-") as tmp:
        export_course(course, Path(tmp))
        folder = Path(tmp) / course.slug
        for module in course.modules:
            # The exporter writes the last quiz revision even after its files were removed from the course.
            if module.active and not module.has_quiz:
                for stale_quiz in (folder / module.slug).glob("quiz.*.md"):
                    stale_quiz.unlink()
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        yield folder


def platform_courses() -> dict[str, list[str]]:
    """The platform's courses and their active modules: what links to another course may name here
    (the folder a trainer's edit is checked in holds only the edited course)."""
    rows = db.session.execute(
        select(Course.slug, Module.slug)
        .join(Module, Module.course_id == Course.id)
        .where(Module.active.is_(True))
        .order_by(Course.slug, Module.position)
    )
    found: dict[str, list[str]] = {}
    for course, module in rows:
        found.setdefault(course, []).append(module)
    return found


def _load(folder: Path, fallback_path: str) -> tuple[LoadedCourse | None, list[Problem], AssetHashes]:
    """`load_for_import` that reports a bug in the loader as a problem, as `flask courses check` does."""
    try:
        courses, problems, assets = load_for_import(folder, platform_courses())
    except Exception as exc:  # noqa: BLE001 - an error in the checker must block, not crash the page
        log.exception("checking %s failed", folder)
        reason = f"{type(exc).__name__}: {exc}"
        problem = error(fallback_path, 1, N_("internal error while checking: %(error)s", error=reason))
        return None, [problem], AssetHashes(folder)
    return (courses[0] if courses else None), problems, assets


def _findings(ref: FileRef, edited: set[str], folder: Path, problems: list[Problem]) -> Check:
    """The problems worth showing: all of the edited files and their module, and errors anywhere."""
    prefix = str(folder) + "/"
    findings = []
    for problem in problems:
        path = problem.path.removeprefix(prefix) if problem.path.startswith(prefix) else problem.path
        if path == str(folder):
            path = "."
        nearby = path in edited or path.startswith(ref.module.slug + "/")
        if nearby or problem.severity == "error":
            message = with_params(problem.message, lambda text, prefix=prefix: text.replace(prefix, ""))
            findings.append(Finding(path, problem.line, message, problem.severity, path in edited))
    findings.sort(key=lambda f: (f.path != ref.path, not f.edited, f.path, f.line, f.message))
    return Check(findings)


def _files(ref: FileRef, texts: dict[str, str]) -> dict[str, str]:
    return {ref.sibling(lang).path: normalise_source(text) for lang, text in texts.items()}


def examine(ref: FileRef, texts: dict[str, str]) -> tuple[Check, Preview]:
    """Check the course with ``texts`` (lang -> text of this module file) in place; preview ``ref.lang``.

    Nothing is stored. The problems are those `flask courses check` reports for that folder.
    """
    files = _files(ref, texts)
    with _materialised(ref.course, files) as folder:
        _loaded, problems, assets = _load(folder, str(folder / ref.path))
        check = _findings(ref, set(files), folder, problems)
        preview = _preview(ref, files[ref.path], assets)
    return check, preview


def publish(ref: FileRef, texts: dict[str, str], author_id: int, base_number: int | None) -> int | None:
    """Publish ``texts`` (lang -> text of this module file) as a new revision of the module text or quiz.

    Drafts of the published files are removed. Flushes; the caller commits.

    :returns: the new revision's number, None when the texts equal the published ones.
    :raises Outdated: a revision newer than ``base_number`` was published meanwhile.
    :raises PublishRefused: the course would have errors; nothing was stored.
    """
    current = published_number(ref)
    if base_number is not None and base_number != current:
        raise Outdated(base_number, current)
    files = _files(ref, texts)
    with _materialised(ref.course, files) as folder:
        loaded, problems, assets = _load(folder, str(folder / ref.path))
        if loaded is None or has_errors(problems):
            check = _findings(ref, set(files), folder, problems)
            if not check.errors:  # the loader refused without an error: never publish on a guess
                check.findings.insert(
                    0, Finding(ref.path, 1, N_("the course could not be loaded"), "error", True)
                )
            raise PublishRefused(check, _preview(ref, files[ref.path], assets))
        import_course(loaded, assets, author_id=author_id)
    db.session.execute(
        delete(Draft).where(Draft.module_id == ref.module.id, Draft.kind == ref.kind, Draft.lang.in_(texts))
    )
    db.session.flush()
    db.session.expire(ref.module)
    number = published_number(ref)
    if number == current:
        return None
    log.info("%s/%s published as revision %s by user %s", ref.course.slug, ref.path, number, author_id)
    return number


# --- preview ---------------------------------------------------------------------------------------


def _preview(ref: FileRef, text: str, assets: AssetHashes) -> Preview:
    slug = ref.course.slug

    def render(md: str) -> str:
        return render_markdown(
            md,
            image_base=ref.module.slug,
            image_resolver=lambda path: assets.url(slug, path),
            link_resolver=lambda target: module_link(slug, target),
        )

    if ref.kind == "quiz":
        quiz, _problems = parse_quiz(text, ref.path)
        if quiz is None:
            return Preview()
        return Preview(quiz.title, quiz=quiz_to_data(quiz, render, default_shuffle=bool(quiz.shuffle)))
    meta, body, _first_line, _problems = split_front_matter(text, ref.path)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    return Preview(title, html=render(body))


# --- trainers --------------------------------------------------------------------------------------
