"""`flask quiz convert`: bring Moodle question banks (GIFT, Aiken) into our Markdown format, and back;
`flask quiz remind-reopened`: the mail when a failed quiz can be taken again."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.content.problems import Problem
from app.content.quiz.formats import READERS, guess_format
from app.content.quiz.gift_export import quiz_to_gift
from app.content.quiz.validate import LEFT_OUT
from app.content.quiz.writer import quiz_to_markdown
from app.i18n.catalogs import catalog_gettext, lang_option

MAX_INPUT = 5 * 1024 * 1024


@click.group("quiz", cls=AppGroup)
def quiz_cli() -> None:
    """Quiz files: conversion from and to Moodle formats."""


def _report(problems: list[Problem], lang: str) -> None:
    translate = catalog_gettext(lang)
    for problem in problems:
        click.echo(problem.render(translate), err=True)


#: What `flask quiz convert` exits with (documented in its --help and in docs/authoring.md).
EXIT_CONVERTED, EXIT_NOT_CONVERTED, EXIT_PARTLY = 0, 1, 3
_EXIT_HELP = (
    "Exit codes: 0 everything converted (warnings may have been printed); 1 nothing converted (the file "
    "cannot be read, has no good question, or --strict found an error); 3 some questions left out "
    "because of errors (each reported as file:line), the others written. Click's usage errors exit 2."
)


@quiz_cli.command("convert", epilog=_EXIT_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source_format",
    type=click.Choice(["md", "gift", "aiken"]),
    help="Input format (default: from the file name and content).",
)
@click.option(
    "--to",
    "target",
    type=click.Choice(["md", "gift"]),
    help="Output format (default: gift for our Markdown, md otherwise).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: write nothing when any question has an error (default: leave it out, as Moodle does).",
)
@lang_option
def convert(
    file: Path, source_format: str | None, target: str | None, out: Path | None, strict: bool, lang: str
) -> None:
    """Convert FILE (Moodle GIFT, Aiken, or our quiz Markdown); report what cannot be expressed on stderr.

    Like Moodle's import, questions with errors are left out and reported on their lines, and the others
    are converted; --strict converts all or nothing.
    """
    data = file.read_bytes()
    if len(data) > MAX_INPUT:
        raise click.ClickException(f"{file}: larger than {MAX_INPUT // (1024 * 1024)} MB")
    source_format = source_format or guess_format(file.name, data)
    target = target or ("gift" if source_format == "md" else "md")
    quiz, problems = READERS[source_format](data, str(file), skip_bad=not strict)
    if quiz is not None and target == "gift":
        text, notes = quiz_to_gift(quiz)
        problems = problems + notes
        written = len(quiz.questions) - sum(note.severity == "error" for note in notes)
    elif quiz is not None:
        text, written = quiz_to_markdown(quiz), len(quiz.questions)
    _report(problems, lang)
    errors = sum(problem.severity == "error" and problem.message != LEFT_OUT for problem in problems)
    if quiz is None or strict and errors:
        click.echo(f"{file}: not converted ({errors} error(s))", err=True)
        raise SystemExit(EXIT_NOT_CONVERTED)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8", newline="\n")
    left_out = sum(problem.message == LEFT_OUT for problem in problems) + len(quiz.questions) - written
    summary = f"{file}: {written} question(s) converted"
    summary += f", {left_out} left out because of errors" if errors else ""
    click.echo(summary + (f"; written to {out}" if out else ""), err=True)
    if errors:
        raise SystemExit(EXIT_PARTLY)


@quiz_cli.command("remind-reopened")
def remind_reopened() -> None:
    """Mail participants whose failed quiz can be taken again (run from cron every few minutes)."""
    from app.quizzes.reopen import claim_reopened

    click.echo(f"{claim_reopened()} mail(s) about reopened quizzes queued")
