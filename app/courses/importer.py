"""Loading checked course folders into the database, idempotently.

A course whose files have not changed is skipped. A module whose text changed gets a new revision; so does
a quiz. Earlier revisions are never changed or deleted, since attempts refer to them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from sqlalchemy import func, select

from app.content.course.crosslinks import Catalogue, parse_course_link
from app.content.course.currency import watch_to_data
from app.content.course.loader import MAX_IMAGE_BYTES, LoadedCourse, LoadedModule, load_courses
from app.content.files import read_bytes, read_text
from app.content.images import inspect_image
from app.content.markdown import render_markdown
from app.content.problems import Problem
from app.content.quiz.data import quiz_to_data
from app.content.revision import content_hash
from app.courses.models import (
    Course,
    CourseAsset,
    Module,
    ModuleRevision,
    ModuleText,
    QuizRevision,
    QuizText,
)
from app.extensions import db

log = logging.getLogger(__name__)

#: Where the platform serves module pages and course images (see the courses blueprint).
COURSE_URL = "/courses/{course}/{module}"
ASSET_URL = "/assets/{sha256}/{name}"


@dataclass
class CourseImport:
    """What importing one course did."""

    slug: str
    status: str  #: created | updated | unchanged
    module_revisions: list[str] = field(default_factory=list)  #: "module r3"
    quiz_revisions: list[str] = field(default_factory=list)


class AssetHashes:
    """SHA-256 of course images, read once per import, for content-addressed (cacheable) URLs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[tuple[str, str], str | None] = {}

    def url(self, course: str, path: str) -> str | None:
        key = (course, path)
        if key not in self.cache:
            data, _problems = read_bytes(self.root_of(course) / path, limit=MAX_IMAGE_BYTES)
            self.cache[key] = hashlib.sha256(data).hexdigest() if data is not None else None
        digest = self.cache[key]
        if digest is None:
            return None
        return ASSET_URL.format(sha256=digest, name=quote(PurePosixPath(path).name))

    def root_of(self, course: str) -> Path:
        return self.root if (self.root / "course.yaml").is_file() else self.root / course


def module_link(course: str, target: str) -> str | None:
    """A link to another module's file ("patents/module.de.md"), or to a module of another course
    ("course:ip-china/trademarks"), becomes a link to that module's page."""
    link, _suffix = parse_course_link(target)
    if link is not None:
        return COURSE_URL.format(course=link.course, module=link.module)
    parts = PurePosixPath(target).parts
    if len(parts) == 2 and parts[1].startswith("module.") and parts[1].endswith(".md"):
        return COURSE_URL.format(course=course, module=parts[0])
    return None


def load_for_import(
    root: Path, catalogue: Catalogue | None = None
) -> tuple[list[LoadedCourse], list[Problem], AssetHashes]:
    """Check and load every course under ``root`` with the URLs the platform serves its parts at.

    :param catalogue: the courses links to other courses may name (default: the folders beside).
    """
    assets = AssetHashes(root)
    courses, problems = load_courses(root, image_url=assets.url, link_url=module_link, catalogue=catalogue)
    return courses, problems, assets


def import_course(
    loaded: LoadedCourse,
    assets: AssetHashes,
    progress: Callable[[int], None] = lambda n: None,
    *,
    author_id: int | None = None,
) -> CourseImport:
    """Store ``loaded`` (flushes; the caller commits).

    :param author_id: the user who made the change (browser edits); None for imports from files.
    """
    spec = loaded.spec
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    if course is not None and course.content_hash == loaded.content_hash:
        progress(len(loaded.modules))
        return CourseImport(spec.slug, "unchanged")
    report = CourseImport(spec.slug, "created" if course is None else "updated")
    yaml_text, _ = read_text(loaded.folder / "course.yaml")
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
    course.source_lang = spec.source_lang
    course.languages = list(spec.languages)
    course.title = dict(spec.title)
    course.description = dict(spec.description)
    course.current_as_of = spec.current_as_of
    course.settings = {
        "pass_mark": spec.pass_mark,
        "completion": spec.completion,
        "attempts": spec.attempts,
        "retake_wait_minutes": spec.retake_wait_minutes,
        "score_counts": spec.score_counts,
        "audience": dict(spec.audience),
        "objectives": {lang: list(items) for lang, items in spec.objectives.items()},
        "image": _card_image(loaded, assets),
        "certificate": {
            "enabled": spec.certificate.enabled,
            "show_score": spec.certificate.show_score,
            "validity_months": spec.certificate.validity_months,
            "trainers": list(spec.certificate.trainers),
        },
    }
    course.yaml_source = yaml_text or ""
    course.content_hash = loaded.content_hash
    db.session.flush()

    existing = {m.slug: m for m in db.session.scalars(select(Module).where(Module.course_id == course.id))}
    for position, loaded_module in enumerate(loaded.modules):
        module = existing.pop(loaded_module.slug, None)
        if module is None:
            module = Module(course_id=course.id, slug=loaded_module.slug, position=position)
            db.session.add(module)
            db.session.flush()
        module.position, module.active = position, True
        if _store_text_revision(module, loaded_module, spec.source_lang, author_id):
            report.module_revisions.append(f"{module.slug} r{module.revisions[-1].number}")
        number = _store_quiz_revision(module, loaded_module, spec.slug, spec.source_lang, assets, author_id)
        if number:
            report.quiz_revisions.append(f"{module.slug} quiz r{number}")
        progress(1)
    for gone in existing.values():
        gone.active = False
    _store_assets(course, loaded, assets)
    db.session.flush()
    log.info("course %s %s", spec.slug, report.status)
    return report


def _next_number(model: type[ModuleRevision] | type[QuizRevision], module_id: int) -> int:
    return (db.session.scalar(select(func.max(model.number)).where(model.module_id == module_id)) or 0) + 1


def _source_of(path: str) -> str:
    text, _ = read_text(Path(path))
    return text or ""


def _store_text_revision(
    module: Module, loaded: LoadedModule, source_lang: str, author_id: int | None = None
) -> bool:
    sources = {lang: _source_of(text.path) for lang, text in loaded.texts.items()}
    digest = content_hash(*(f"{lang}\0{src}" for lang, src in sorted(sources.items())))
    current = module.published_revision()
    if current is not None and current.content_hash == digest:
        return False
    source = loaded.texts.get(source_lang)  # review dates belong to the source file
    revision = ModuleRevision(
        module_id=module.id,
        number=_next_number(ModuleRevision, module.id),
        content_hash=digest,
        author_id=author_id,
        review_by=source.review_by if source else None,
        watch=watch_to_data(source.watch) if source else [],
    )
    for lang, text in loaded.texts.items():
        revision.texts.append(
            ModuleText(
                lang=lang,
                source=sources[lang],
                title=text.title,
                duration_minutes=text.duration_minutes,
                current_as_of=text.current_as_of,
                html=text.html,
                stale=text.stale,
            )
        )
    db.session.add(revision)
    db.session.flush()
    module.current_revision_id = revision.id
    db.session.refresh(module, ["revisions"])
    return True


def _store_quiz_revision(
    module: Module,
    loaded: LoadedModule,
    course_slug: str,
    source_lang: str,
    assets: AssetHashes,
    author_id: int | None = None,
) -> int:
    quizzes = {lang: quiz for lang, quiz in loaded.quizzes.items() if quiz is not None}
    module.has_quiz = bool(quizzes)
    if not quizzes:
        module.current_quiz_id = None
        return 0
    sources = {lang: _source_of(quiz.path) for lang, quiz in quizzes.items()}
    digest = content_hash(*(f"{lang}\0{src}" for lang, src in sorted(sources.items())))
    current = module.published_quiz()
    if current is not None and current.content_hash == digest:
        return 0

    def render(md: str) -> str:
        return render_markdown(
            md,
            image_base=module.slug,
            image_resolver=lambda path: assets.url(course_slug, path),
            link_resolver=lambda target: module_link(course_slug, target),
        )

    source_quiz = quizzes.get(source_lang) or next(iter(quizzes.values()))
    revision = QuizRevision(
        module_id=module.id,
        number=_next_number(QuizRevision, module.id),
        content_hash=digest,
        pass_mark=source_quiz.pass_mark,
        max_points=sum(q.points for q in source_quiz.questions),
        question_count=len(source_quiz.questions),
        author_id=author_id,
    )
    for lang, quiz in quizzes.items():
        revision.texts.append(
            QuizText(
                lang=lang,
                source=sources[lang],
                title=quiz.title,
                data=quiz_to_data(quiz, render, default_shuffle=bool(source_quiz.shuffle)),
                stale=lang in loaded.stale_quizzes,
            )
        )
    db.session.add(revision)
    db.session.flush()
    module.current_quiz_id = revision.id
    return revision.number


def _card_image(loaded: LoadedCourse, assets: AssetHashes) -> dict | None:
    """The course picture as its pages show it: URL, size (no jump while it loads) and alt per language."""
    image, path = loaded.spec.image, loaded.card_image
    if image is None or path is None:
        return None
    data, _ = read_bytes(loaded.folder / path, limit=MAX_IMAGE_BYTES)
    url = assets.url(loaded.spec.slug, path)
    if data is None or url is None:
        return None
    info = inspect_image(data, path)
    return {"url": url, "width": info.width, "height": info.height, "alt": dict(image.alt)}


def _store_assets(course: Course, loaded: LoadedCourse, assets: AssetHashes) -> None:
    for path in loaded.images:
        data, _ = read_bytes(loaded.folder / path, limit=MAX_IMAGE_BYTES)
        if data is None:
            continue
        digest = hashlib.sha256(data).hexdigest()
        known = db.session.scalar(
            select(CourseAsset.id).where(
                CourseAsset.course_id == course.id, CourseAsset.path == path, CourseAsset.sha256 == digest
            )
        )
        if known is None:
            mime = inspect_image(data, path).mime  # the loader has checked it: its content decides
            db.session.add(CourseAsset(course_id=course.id, path=path, sha256=digest, mime=mime, data=data))
