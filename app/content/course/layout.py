"""Files in a course folder that belong to nothing.

A module folder not listed in course.yaml, `module.fr.md` in a course without French, `quiz.de.md.bak`,
an image no module shows: each would be silently ignored by the import, so the checker points them out
(as warnings: they do no harm, but they usually mean a typo or a forgotten step).
"""

import os
import re
from pathlib import Path

from app.content.course.links import IMAGE_EXTENSIONS
from app.content.course.schema import CourseSpec
from app.content.messages import N_
from app.content.problems import Problem, error, warning

IMAGES_FOLDER = "images"
_LANGUAGE_FILE = re.compile(r"^(module|quiz)\.([^.]+)\.md$")


def stray_files(folder: Path, spec: CourseSpec, used_images: set[str]) -> list[Problem]:
    """Warnings for the files of `folder` no module uses; hidden files (.gitkeep) are ignored.

    :param used_images: course-relative paths of the images the modules show.
    """
    problems: list[Problem] = []
    expected = {f"{kind}.{lang}.md" for kind in ("module", "quiz") for lang in spec.languages}
    for entry in _entries(folder, problems):
        relative = entry.name
        if relative == "course.yaml":
            continue
        if _is_dir(entry) and relative == IMAGES_FOLDER:
            problems += _unused_images(folder, used_images)
        elif _is_dir(entry) and relative in spec.modules:
            for child in _entries(Path(entry.path), problems):
                path = f"{relative}/{child.name}"
                if child.name not in expected and path not in used_images:
                    problems.append(warning(child.path, 1, _why_stray(child.name, spec)))
        elif _is_dir(entry):
            problems.append(
                warning(
                    entry.path,
                    1,
                    N_("folder '%(folder)s' is not a module listed in course.yaml", folder=relative),
                )
            )
        elif relative not in used_images:
            problems.append(warning(entry.path, 1, N_("file does not belong to any module")))
    return problems


def _why_stray(name: str, spec: CourseSpec) -> str:
    match = _LANGUAGE_FILE.match(name)
    if match and match[2] not in spec.languages:
        return N_(
            "language '%(lang)s' is not in the course's languages (%(languages)s)",
            lang=match[2],
            languages=", ".join(spec.languages),
        )
    return N_("file does not belong to the module (expected module.<lang>.md or quiz.<lang>.md)")


def _unused_images(folder: Path, used_images: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for root, dirs, names in os.walk(folder / IMAGES_FOLDER, onerror=lambda exc: None):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if not name.lower().endswith(IMAGE_EXTENSIONS):
                problems.append(warning(str(path), 1, N_("not a PNG, JPEG, GIF or WebP image")))
            elif relative not in used_images:
                problems.append(warning(str(path), 1, N_("image is not used by any module")))
    return problems


def _entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The visible entries of `folder`, sorted by name; an unreadable folder is reported."""
    try:
        with os.scandir(folder) as entries:
            return sorted(
                (entry for entry in entries if not entry.name.startswith(".")), key=lambda e: e.name
            )
    except OSError as exc:
        problems.append(
            error(str(folder), 1, N_("cannot read folder: %(reason)s", reason=exc.strerror or str(exc)))
        )
        return []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop
        return False
