"""`flask quiz convert`: bring Moodle question banks (GIFT, Aiken) into our Markdown format, and back."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.quizzes.aiken import aiken_to_quiz
from app.quizzes.gift import gift_to_quiz
from app.quizzes.gift_export import quiz_to_gift
from app.quizzes.model import Problem
from app.quizzes.parser import parse_quiz
from app.quizzes.writer import quiz_to_markdown

MAX_INPUT = 5 * 1024 * 1024


@click.group("quiz", cls=AppGroup)
def quiz_cli() -> None:
    """Quiz files: conversion from and to Moodle formats."""


def _guess_format(path: Path, data: bytes) -> str:
    if path.suffix.lower() == ".md":
        return "md"
    if path.suffix.lower() == ".gift":
        return "gift"
    text = data.decode("utf-8", errors="replace")
    if any(line.strip().upper().startswith("ANSWER:") for line in text.splitlines()) and "{" not in text:
        return "aiken"
    return "gift"


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@quiz_cli.command("convert")
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
def convert(file: Path, source_format: str | None, target: str | None, out: Path | None) -> None:
    """Convert FILE (Moodle GIFT, Aiken, or our quiz Markdown); report what cannot be expressed on stderr."""
    data = file.read_bytes()
    if len(data) > MAX_INPUT:
        raise click.ClickException(f"{file}: larger than {MAX_INPUT // (1024 * 1024)} MB")
    source_format = source_format or _guess_format(file, data)
    target = target or ("gift" if source_format == "md" else "md")
    reader = {"md": parse_quiz, "gift": gift_to_quiz, "aiken": aiken_to_quiz}[source_format]
    quiz, problems = reader(data, str(file))
    _report(problems)
    if quiz is None:
        click.echo(
            f"{file}: not converted ({sum(p.severity == 'error' for p in problems)} error(s))", err=True
        )
        raise SystemExit(1)
    if target == "gift":
        text, notes = quiz_to_gift(quiz)
        _report(notes)
    else:
        text = quiz_to_markdown(quiz)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8", newline="\n")
        click.echo(f"written to {out}", err=True)
