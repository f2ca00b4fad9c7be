"""Loading course folders into checked, ready-to-import data.

`load_course` reads course.yaml, every module in every language, the quizzes and the images the modules
show, and reports every problem it finds; it returns a course only when none of them is an error, so an
import never stores half a course. `flask courses check` uses the same code and prints the problems.
"""

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.content.course.crosslinks import Catalogue, courses_beside
from app.content.course.cues import course_cues
from app.content.course.layout import stray_files
from app.content.course.links import MAX_IMAGE_BYTES, card_image_problems
from app.content.course.modules import CourseContext, LoadedModule, ModuleText, load_module
from app.content.course.schema import CourseSpec, validate_course
from app.content.files import is_dir, is_file, read_bytes, read_text
from app.content.markdown import Resolver
from app.content.messages import N_
from app.content.paths import course_path
from app.content.problems import Problem, error, has_errors, warning
from app.content.revision import content_hash

__all__ = ["LoadedCourse", "LoadedModule", "ModuleText", "course_folders", "load_course", "load_courses"]

#: (course slug, course-relative path) -> URL; lets the web layer decide where files are served from.
UrlMaker = Callable[[str, str], str | None]


@dataclass(frozen=True)
class LoadedCourse:
    """A course whose files passed every check (warnings aside)."""

    folder: Path
    spec: CourseSpec
    modules: list[LoadedModule]
    images: dict[str, str]  #: course-relative path of every image the course shows -> its SHA-256
    content_hash: str  #: over course.yaml, all module files and images: unchanged hash, nothing to import
    card_image: str | None = None  #: course path of the picture course.yaml names (image.file)


def load_course(
    folder: Path,
    *,
    image_url: UrlMaker | None = None,
    link_url: UrlMaker | None = None,
    today: date | None = None,
    courses: Catalogue | None = None,
) -> tuple[LoadedCourse | None, list[Problem]]:
    """Load and check the course in `folder`; None unless the course is free of errors.

    :param image_url: URL of a course image, used in the rendered HTML; images stay as written without it.
    :param link_url: URL for a link to a course file (another module, or `course:<course>/<module>`),
        None to leave the link as written.
    :param today: the day review dates are compared with (default: the real today).
    :param courses: the other courses `course:` links may name (default: the course folders beside
        `folder`); this course's own modules are taken from its course.yaml.
    """
    yaml_path = folder / "course.yaml"
    text, problems = read_text(yaml_path)
    if text is None:
        return None, problems
    spec, problems = validate_course(text, str(yaml_path), os.path.basename(os.path.abspath(folder)))
    if spec is None:
        return None, problems
    ctx = CourseContext(
        folder,
        spec,
        image_resolver=_bind(image_url, spec.slug),
        link_resolver=_bind(link_url, spec.slug),
        problems=problems,
        today=today or date.today(),
        courses={**(courses_beside(folder) if courses is None else courses), spec.slug: spec.modules},
    )
    modules = [module for slug in spec.modules if (module := load_module(ctx, slug)) is not None]
    card = None
    if spec.image is not None:
        found, card = card_image_problems(folder, spec.image.file, str(yaml_path), spec.image.line)
        problems += found
        ctx.images |= {card} if card else set()
    problems += course_cues(spec, modules, str(yaml_path))
    named = course_path("", spec.image.file) if spec.image else None  # a bad picture is no stray file too
    problems += stray_files(folder, spec, ctx.images | ({named} if named else set()))
    images = _hash_images(folder, ctx.images, problems)
    if has_errors(problems):
        return None, problems
    parts = [
        text,
        *(module.content_hash for module in modules),
        *(f"{p}:{h}" for p, h in sorted(images.items())),
    ]
    return LoadedCourse(folder, spec, modules, images, content_hash(*parts), card), problems


def load_courses(
    root: Path,
    *,
    image_url: UrlMaker | None = None,
    link_url: UrlMaker | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[list[LoadedCourse], list[Problem]]:
    """Load every course under `root` (a course folder, or a folder of course folders).

    :param catalogue: the courses `course:` links may name (default: the course folders beside each).
    """
    courses: list[LoadedCourse] = []
    problems: list[Problem] = []
    for folder in course_folders(root, problems):
        course, found = load_course(folder, image_url=image_url, link_url=link_url, courses=catalogue)
        problems += found
        if course is not None:
            courses.append(course)
    return courses, problems


def course_folders(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """`root` itself when it holds course.yaml, else its sub-folders that do, sorted by name.

    Sub-folders without course.yaml are reported into `problems` (a warning: probably a misplaced course).
    """
    if is_file(root / "course.yaml"):
        return [root]
    folders: list[Path] = []
    try:
        children = sorted(root.iterdir())
    except OSError as exc:
        if problems is not None:
            problems.append(
                error(str(root), 1, N_("cannot read folder: %(reason)s", reason=exc.strerror or str(exc)))
            )
        return []
    for child in children:
        if child.name.startswith(".") or not is_dir(child):
            continue
        if is_file(child / "course.yaml"):
            folders.append(child)
        elif problems is not None:
            problems.append(warning(str(child), 1, N_("folder has no course.yaml: not a course")))
    return folders


def _bind(maker: UrlMaker | None, slug: str) -> Resolver | None:
    if maker is None:
        return None
    return lambda path: maker(slug, path)


def _hash_images(folder: Path, used: set[str], problems: list[Problem]) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for path in sorted(used):
        data, found = read_bytes(folder / path, limit=MAX_IMAGE_BYTES)
        problems += found
        if data is not None:
            hashes[path] = hashlib.sha256(data).hexdigest()
    return hashes
