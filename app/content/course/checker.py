"""`flask courses check`: every problem of a course folder, a folder of courses or a single file.

The checker is what trainers run on whatever they have just written, so it must survive anything (a
binary file, Latin-1, a symlink loop, a 10,000-option question) and still report the other files. The
code below it is written not to raise; should it ever, the exception becomes an "internal error" problem
for that course or file, and the remaining courses are still checked.
"""

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.content.course.currency import currency_problems
from app.content.course.links import check_document
from app.content.course.loader import course_folders, load_course
from app.content.course.module_meta import validate_module_meta
from app.content.course.schema import validate_course
from app.content.files import is_dir, is_file, read_text
from app.content.frontmatter import split_front_matter
from app.content.markdown import parse_markdown
from app.content.messages import N_
from app.content.problems import Problem, error, has_errors, warning
from app.content.quiz.parser import parse_quiz


def check_path(path: Path, today: date | None = None) -> list[Problem]:
    """All problems of `path` (course folder, folder of courses, or one file), sorted by path and line.

    :param today: the day review_by and watched dates are compared with (default: the real today).
    """
    problems = _guarded(str(path), lambda: _check(path, today or date.today()))
    return sorted(problems, key=lambda problem: (problem.path, problem.line, problem.message))


def _check(path: Path, today: date) -> list[Problem]:
    if not _exists(path):
        return [error(str(path), 1, N_("no such file or folder"))]
    if not is_dir(path):
        return _check_file(path, today)
    problems: list[Problem] = []
    folders = course_folders(path, problems)
    if not folders and not problems:
        problems.append(
            warning(str(path), 1, N_("no course here: no course.yaml in this folder or its sub-folders"))
        )
    for folder in folders:
        problems += _guarded(str(folder), lambda folder=folder: load_course(folder, today=today)[1])
    return problems


def _check_file(path: Path, today: date) -> list[Problem]:
    """Check one file: as part of its course when it is in one (translations, links), else on its own."""
    if len(path.parts) < 3:  # "module.de.md" run inside the module folder: find the course above it
        path = Path(os.path.abspath(path))
    for course in (path.parent, path.parent.parent):
        if is_file(course / "course.yaml"):
            found = load_course(course, today=today)[1]
            problems = [problem for problem in found if problem.path == str(path)]
            yaml_path = str(course / "course.yaml")
            if path.name != "course.yaml" and has_errors([p for p in found if p.path == yaml_path]):
                problems.append(
                    warning(
                        str(path),
                        1,
                        N_("%(path)s has errors, so this file was not fully checked", path=str(yaml_path)),
                    )
                )
            return problems
    return _check_loose_file(path, today)


def _check_loose_file(path: Path, today: date) -> list[Problem]:
    """A file outside any course: only what can be checked without the course."""
    name = str(path)
    if not path.name.endswith((".md", ".yaml", ".yml")):
        return [warning(name, 1, N_("not a course file (course.yaml, module.<lang>.md or quiz.<lang>.md)"))]
    text, problems = read_text(path)
    if text is None:
        return problems
    if path.name.endswith((".yaml", ".yml")):
        return validate_course(text, name)[1]
    if path.name.startswith("quiz."):
        return parse_quiz(text, name)[1]
    meta, body, first_line, problems = split_front_matter(text, name)
    is_source = (
        "source_rev" not in meta
    )  # a guess: outside a course, nothing says which language is the source
    info, more = validate_module_meta(meta, name, is_source=is_source)
    problems += more + (currency_problems(info, name, today) if is_source else [])
    findings = check_document(parse_markdown(body), first_line, path=name, folder=path.parent, doc_dir="")
    return problems + findings.problems


def _guarded(path: str, check: Callable[[], list[Problem]]) -> list[Problem]:
    """Run one check; a bug in it becomes a problem for `path` instead of hiding every other finding."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - the checker must report, not crash (see module docstring)
        return [
            error(
                path,
                1,
                N_(
                    "internal error while checking: %(error)s",
                    error=": ".join((type(exc).__name__, str(exc))),
                ),
            )
        ]


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False
