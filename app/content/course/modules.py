"""Loading one module of a course: its reading text and quiz in every language, checked against the source.

The source language defines the module; each translation is checked for the revision of the source it
names (stale when the source changed since) and, for quizzes, for the structure the source defines.
"""

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.content.course.crosslinks import Catalogue
from app.content.course.currency import currency_problems
from app.content.course.links import check_document
from app.content.course.module_meta import WatchEntry, validate_module_meta
from app.content.course.schema import CourseSpec
from app.content.files import is_dir, is_inside, read_text
from app.content.frontmatter import split_front_matter
from app.content.markdown import Resolver, parse_markdown, render_tokens
from app.content.messages import N_
from app.content.problems import Problem, error, warning
from app.content.quiz.model import Quiz
from app.content.quiz.parser import parse_quiz
from app.content.quiz.translation import check_source, compare_translation
from app.content.revision import content_hash, source_rev
from app.content.yamllines import LineDict


@dataclass(frozen=True)
class ModuleText:
    """The reading text of a module in one language."""

    lang: str
    title: str
    duration_minutes: int  #: a translation without its own takes the source's
    current_as_of: date  #: from the front matter, else the source's, else the course's
    body_md: str
    html: str  #: rendered and sanitised
    rev: str  #: this file's revision: what its translations must name in source_rev
    source_rev: str | None  #: translations: the source revision they were translated from
    stale: bool  #: a translation whose source_rev is not the source's current revision
    path: str
    review_by: date | None = None  #: source language only (docs/authoring.md, "Module files")
    watch: tuple[WatchEntry, ...] = ()  #: source language only


@dataclass(frozen=True)
class LoadedModule:
    """A module in every language that has a file; `quizzes` has an entry (maybe None) per language."""

    slug: str
    texts: dict[str, ModuleText]
    quizzes: dict[str, Quiz | None]
    stale_quizzes: frozenset[str]  #: languages whose quiz translation is stale
    content_hash: str  #: over every file of the module, to skip unchanged modules on import


@dataclass
class CourseContext:
    """What loading a module needs from its course; collects problems and the images modules use."""

    folder: Path
    spec: CourseSpec
    image_resolver: Resolver | None = None
    link_resolver: Resolver | None = None
    problems: list[Problem] = field(default_factory=list)
    images: set[str] = field(default_factory=set)
    #: The day review_by and watched dates are compared with.
    today: date = field(default_factory=date.today)
    #: The courses and modules that `course:<course>/<module>` links may name (this course included).
    courses: Catalogue = field(default_factory=dict)


def load_module(ctx: CourseContext, slug: str) -> LoadedModule | None:
    """Load and check module `slug` of the course; None when its folder is missing."""
    folder = ctx.folder / slug
    if not is_dir(folder) or not is_inside(folder, ctx.folder):
        if not is_dir(folder):
            message = N_("module '%(slug)s' has no folder %(slug)s/", slug=slug)
        else:
            message = N_("module '%(slug)s' is a link to outside the course folder: %(slug)s/", slug=slug)
        line = ctx.spec.module_lines.get(slug, 1)
        ctx.problems.append(error(str(ctx.folder / "course.yaml"), line, message))
        return None
    files: dict[str, str] = {}
    texts: dict[str, ModuleText] = {}
    source: ModuleText | None = None
    for lang in ctx.spec.languages:
        text = _load_text(ctx, slug, lang, source, files)
        if text is not None:
            texts[lang] = text
            source = source or (text if lang == ctx.spec.source_lang else None)
    quizzes, stale = _load_quizzes(ctx, slug, files)
    digest = content_hash(*(part for name in sorted(files) for part in (name, files[name])))
    return LoadedModule(slug, texts, quizzes, frozenset(stale), digest)


def _load_text(
    ctx: CourseContext, slug: str, lang: str, source: ModuleText | None, files: dict[str, str]
) -> ModuleText | None:
    is_source = lang == ctx.spec.source_lang
    path = ctx.folder / slug / f"module.{lang}.md"
    name = str(path)
    text = _read(ctx, path, is_source, files)
    if text is None:
        return None
    meta, body, first_line, problems = split_front_matter(text, name)
    current = source.rev if source is not None else None
    info, more = validate_module_meta(meta, name, is_source=is_source, current_rev=current)
    ctx.problems.extend(problems + more)
    if is_source:
        ctx.problems.extend(currency_problems(info, name, ctx.today))
    rev = source_rev(text.encode("utf-8"))
    stale = False
    if not is_source and current is not None:
        line = meta.line_of("source_rev") if isinstance(meta, LineDict) else 1
        stale = _is_stale(ctx, name, line, info.source_rev, current)
    tokens = parse_markdown(body)
    findings = check_document(
        tokens, first_line, path=name, folder=ctx.folder, doc_dir=slug, courses=ctx.courses
    )
    ctx.problems.extend(findings.problems)
    ctx.images |= findings.images
    html = render_tokens(
        tokens, image_base=slug, image_resolver=ctx.image_resolver, link_resolver=ctx.link_resolver
    )
    return ModuleText(
        lang=lang,
        title=info.title,
        duration_minutes=info.duration_minutes or (source.duration_minutes if source else 0),
        current_as_of=info.current_as_of or (source.current_as_of if source else ctx.spec.current_as_of),
        body_md=body,
        html=html,
        rev=rev,
        source_rev=info.source_rev,
        stale=stale,
        path=name,
        review_by=info.review_by,
        watch=info.watch,
    )


def _load_quizzes(
    ctx: CourseContext, slug: str, files: dict[str, str]
) -> tuple[dict[str, Quiz | None], set[str]]:
    source_lang = ctx.spec.source_lang
    source_path = ctx.folder / slug / f"quiz.{source_lang}.md"
    has_source = _exists(source_path)
    text = _read(ctx, source_path, True, files) if has_source else None
    source = _parse(ctx, text, source_path) if text is not None else None
    if source is not None:
        ctx.problems.extend(check_source(source, str(source_path)))
    rev = source_rev(text.encode("utf-8")) if text is not None else None
    quizzes: dict[str, Quiz | None] = {source_lang: source}
    stale: set[str] = set()
    for lang in ctx.spec.languages[1:]:
        path = ctx.folder / slug / f"quiz.{lang}.md"
        quizzes[lang] = None
        if not has_source:
            if _exists(path):
                message = N_(
                    "translation of a quiz that does not exist in the source language (no quiz.%(lang)s.md)",
                    lang=source_lang,
                )
                ctx.problems.append(error(str(path), 1, message))
            continue
        text = _read(ctx, path, False, files)
        quiz = _parse(ctx, text, path) if text is not None else None
        if text is None or quiz is None:
            continue
        quizzes[lang] = quiz
        if source is not None:
            ctx.problems.extend(compare_translation(source, quiz, str(path)))
        if rev is not None and _quiz_is_stale(ctx, str(path), text, quiz, rev):
            stale.add(lang)
    return quizzes, stale


def _parse(ctx: CourseContext, text: str, path: Path) -> Quiz | None:
    """Parse a quiz file, and check the links and images its prose uses like a module's."""
    quiz, problems = parse_quiz(text, str(path))
    ctx.problems.extend(problems)
    _meta, body, first_line, _problems = split_front_matter(text, str(path))  # the parser reports these
    tokens = parse_markdown(body)
    findings = check_document(
        tokens,
        first_line,
        path=str(path),
        folder=ctx.folder,
        doc_dir=path.parent.name,
        callouts=False,
        courses=ctx.courses,
    )
    ctx.problems.extend(findings.problems)
    ctx.images |= findings.images
    return quiz


def _quiz_is_stale(ctx: CourseContext, path: str, text: str, quiz: Quiz, current: str) -> bool:
    """Like `_is_stale`; the quiz parser checked the form of source_rev, but cannot know it is required."""
    line = _front_matter_line(text, "source_rev")
    if quiz.source_rev is None:
        if line == 0:
            message = N_(
                "source_rev is missing: add 'source_rev: %(rev)s' once the translation matches the source",
                rev=current,
            )
            ctx.problems.append(error(path, 1, message))
        else:
            ctx.problems.append(warning(path, line, N_("the source is now source_rev %(rev)s", rev=current)))
    return _is_stale(ctx, path, line, quiz.source_rev, current)


def _is_stale(ctx: CourseContext, path: str, line: int, written: str | None, current: str) -> bool:
    """Whether a translation names an outdated (or no valid) source revision; reports an outdated one."""
    if written is None:
        return True
    if written != current:
        message = N_(
            "stale translation: source_rev is %(written)s, source is now %(rev)s "
            "(review the translation, then update source_rev)",
            written=written,
            rev=current,
        )
        ctx.problems.append(warning(path, max(line, 1), message))
        return True
    return False


def _read(ctx: CourseContext, path: Path, is_source: bool, files: dict[str, str]) -> str | None:
    """The text of a module or quiz file (also kept in `files`), reporting a missing or unreadable one."""
    name = str(path)
    if not _exists(path):
        lang = path.name.split(".")[1]
        if is_source:
            ctx.problems.append(
                error(name, 1, N_("missing file in the source language '%(lang)s'", lang=lang))
            )
        else:
            ctx.problems.append(warning(name, 1, N_("missing translation '%(lang)s'", lang=lang)))
        return None
    if not is_inside(path, ctx.folder):
        ctx.problems.append(error(name, 1, N_("file is a link to a file outside the course folder")))
        return None
    text, problems = read_text(path)
    ctx.problems.extend(problems)
    if text is not None:
        files[path.name] = text
    return text


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _front_matter_line(text: str, key: str) -> int:
    """The line of `key:` in the front matter of `text`, 0 when it is not there."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number, line in enumerate(lines[1:], 2):
        if line.rstrip() in ("---", "..."):
            break
        if line.startswith(f"{key}:"):
            return number
    return 0
