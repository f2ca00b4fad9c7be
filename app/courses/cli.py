"""`flask courses`: check, import and export course folders."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from app.content.course.checker import check_path
from app.content.course.cue_table import cue_table
from app.content.course.loader import load_courses
from app.content.course.revs import revision_for
from app.content.problems import Problem
from app.courses.exporter import ExportError, courses_to_export, export_course
from app.courses.importer import import_course, load_for_import
from app.extensions import db
from app.i18n.catalogs import catalog_gettext, lang_option

DEFAULT_ROOT = "courses"


@click.group("courses", cls=AppGroup)
def courses_cli() -> None:
    """Course content: check, import and export."""


def _print_problems(problems: list[Problem], lang: str = "en") -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    translate = catalog_gettext(lang)
    for problem in problems:
        click.echo(problem.render(translate), err=problem.severity == "error")
    return errors, len(problems) - errors


@courses_cli.command("check")
@click.argument("path", default=DEFAULT_ROOT, type=click.Path(path_type=Path))
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Compare review_by and watched dates with this day (YYYY-MM-DD) instead of today.",
)
@lang_option
def check(path: Path, today: datetime | None, lang: str) -> None:
    """Check course files under PATH (default: courses/) and print every problem as file:line: message."""
    if not path.exists():
        raise click.ClickException(f"{path}: no such file or folder")
    errors, warnings = _print_problems(check_path(path, today.date() if today else None), lang)
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        raise SystemExit(1)


@courses_cli.command("rev")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@lang_option
def rev(files: tuple[Path, ...], lang: str) -> None:
    """Print the source_rev value for each FILE (module or quiz file): for a translation, the current
    revision of its source file, to write into its front matter once it matches the source again; for a
    source-language file, its own revision, which its translations name."""
    failed = False
    for path in files:
        found, problems = revision_for(path)
        _print_problems(problems, lang)
        if found is None:
            failed = True
        elif found.source == path:
            click.echo(f"{path}: source_rev: {found.rev} (its own revision, named by its translations)")
        else:
            click.echo(f"{path}: source_rev: {found.rev} (the current revision of {found.source.name})")
    if failed:
        raise SystemExit(1)


@courses_cli.command("cues")
@click.argument("path", default=DEFAULT_ROOT, type=click.Path(path_type=Path))
def cues(path: Path) -> None:
    """Print the quiz-quality figures of the courses under PATH (default: courses/) as a table: per quiz
    the choice questions, the share whose correct option is the longest (and clearly longest), the key
    positions of single-choice questions and the true/false keys. Courses with errors are left out."""
    if not path.exists():
        raise click.ClickException(f"{path}: no such file or folder")
    courses, problems = load_courses(path)
    for line in cue_table(courses):
        click.echo(line)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        click.echo(
            f"{errors} error(s): courses with errors are not in the table (see flask courses check)", err=True
        )
        raise SystemExit(1)


@courses_cli.command("import")
@click.argument("path", default=DEFAULT_ROOT, type=click.Path(path_type=Path))
@lang_option
def import_(path: Path, lang: str) -> None:
    """Import the courses under PATH (default: courses/). Unchanged courses are skipped; changed modules and
    quizzes become new revisions. Courses with errors are not imported."""
    if not path.exists():
        raise click.ClickException(f"{path}: no such file or folder")
    courses, problems, assets = load_for_import(path)
    errors, _warnings = _print_problems(problems, lang)
    total = sum(len(c.modules) for c in courses)
    reports = []
    with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
        for loaded in courses:
            reports.append(import_course(loaded, assets, progress=bar.update))
            db.session.commit()
    for report in reports:
        changes = ", ".join(report.module_revisions + report.quiz_revisions)
        click.echo(f"{report.slug}: {report.status}" + (f" ({changes})" if changes else ""))
    if errors:
        click.echo(f"{errors} error(s): the courses with errors were not imported", err=True)
        raise SystemExit(1)


@courses_cli.command("export")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False))
@click.option("--course", "slugs", multiple=True, help="Only this course (repeatable).")
def export(path: Path, slugs: tuple[str, ...]) -> None:
    """Write the published revisions of the courses into PATH/<slug>/ as files."""
    courses = courses_to_export(db.session, slugs)
    missing = set(slugs) - {c.slug for c in courses}
    if missing:
        raise click.ClickException(f"no such course: {', '.join(sorted(missing))}")
    try:
        for course in courses:
            files = export_course(course, path)
            click.echo(f"{course.slug}: {len(files)} file(s) written to {path / course.slug}")
    except (ExportError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
