"""`flask translate`: extract, update and compile the message catalogs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"
TRANSLATIONS = ROOT / "translations"


def _babel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # noqa: S603


@click.group("translate", cls=AppGroup)
def translate_cli() -> None:
    """Maintain the translation catalogs in translations/."""


@translate_cli.command("extract")
def extract() -> None:
    """Extract all strings from Python and templates into translations/messages.pot."""
    _babel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        # Babel's default also skips folders starting with "_" (app/templates/_macros): only hidden ones here.
        "--ignore-dirs",
        ".*",
        "--project",
        "ChInValue Academy",
        "-o",
        str(POT),
        ".",
    )


@translate_cli.command("update")
def update() -> None:
    """Extract, then merge new strings into every catalog (English gets msgstr = msgid)."""
    extract.callback()  # type: ignore[misc]
    _babel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")
    fill_english(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


@translate_cli.command("compile")
def compile_() -> None:
    """Compile every catalog to .mo (done by `make run` and `make test`)."""
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


def fill_english(path: Path) -> None:
    """English is the source language: its catalog repeats each msgid, so none counts as missing."""
    from babel.messages.pofile import read_po, write_po  # for `translate update`, not every command

    with path.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=110, omit_header=False)
