"""Our message catalogs outside a request: the commands print checker messages in the language asked for.

Pages translate through Flask-Babel (the reader's language); a command has no reader, so it prints
English unless given ``--lang``, and then reads the same compiled catalogs with the standard library.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import click

from app.content.messages import Gettext

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
LANGUAGES = ("en", "de", "zh")

#: The ``--lang`` option of the commands that print checker messages (`flask courses check`, …).
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the checker's messages.",
)


def catalog_gettext(lang: str) -> Gettext:
    """The gettext of our catalog for ``lang`` (English: the messages as written).

    :raises click.ClickException: the catalog is not compiled (`flask translate compile`).
    """
    if lang == "en":
        return lambda message: message
    try:
        return gettext.translation("messages", localedir=TRANSLATIONS, languages=[lang]).gettext
    except OSError:
        raise click.ClickException(
            f"no compiled catalog for '{lang}' in {TRANSLATIONS}: run `flask translate compile`"
        ) from None
