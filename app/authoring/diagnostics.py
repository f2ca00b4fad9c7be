"""The checker's findings as the browser editor shows them: inline, at their line of the edited file.

The editor's script asks the preview endpoint for this (``Accept: application/json``) while the trainer
types; the page without script shows the same findings in its check panel after "Preview".
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, get_translations, ngettext
from flask_babel import gettext as _

from app.authoring.services import Check
from app.content.messages import Message, translate


def _severity(severity: str) -> str:
    return _("Error") if severity == "error" else _("Warning")


def of_check(check: Check, path: str) -> dict[str, Any]:
    """Findings in ``path`` by line; findings in other files (translations a change affects) as a count."""
    here = [f for f in check.findings if f.path == path]
    gettext = get_translations().ugettext
    elsewhere = len(check.findings) - len(here)
    return {
        "summary": _(
            "Errors: %(errors)d · Warnings: %(warnings)d", errors=check.errors, warnings=check.warnings
        ),
        "elsewhere": ngettext(
            "%(num)d problem in another file: Preview lists it.",
            "%(num)d problems in other files: Preview lists them.",
            elsewhere,
        )
        if elsewhere
        else None,
        # Marked checker messages come in the interface language; an unmarked one stays English (lang).
        "diagnostics": [
            {
                "line": f.line,
                "severity": f.severity,
                "label": _severity(f.severity),
                "message": str(translate(f.message, gettext)),
                "lang": str(get_locale()) if isinstance(f.message, Message) else "en",
            }
            for f in here
        ],
    }


def of_form(messages: list[str]) -> dict[str, Any]:
    """A text the form refused before any check (empty, too long, control characters): at line 1."""
    return {
        "summary": _("Errors: %(errors)d · Warnings: %(warnings)d", errors=len(messages), warnings=0),
        "elsewhere": None,
        "diagnostics": [
            {"line": 1, "severity": "error", "label": _severity("error"), "message": m, "lang": None}
            for m in messages
        ],
    }
