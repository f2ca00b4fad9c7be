"""Plain-text labels of a quiz's questions and answer parts, for charts, CSV files and the attempt pages."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup


def _plain(html: str | None) -> str:
    """The text of HTML that was sanitised at import (app.content.sanitize), for chart and CSV labels."""
    return Markup(html or "").striptags()  # noqa: S704  (stripped to text, never output as markup)


def quiz_labels(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Question labels for the charts, and per question the plain-text labels of its parts."""
    questions, parts = {}, {}
    for position, q in enumerate(data.get("questions", []), start=1):
        questions[q["id"]] = f"{position}. {q['id']}"
        labels: dict[str, str] = {}
        for option in q.get("options", []):
            text = _plain(option.get("text_html"))
            if not text and q["type"] == "truefalse":
                text = _("True") if option["id"] == "true" else _("False")
            labels[option["id"]] = f"{option['id']}) {text}".strip()
        for pair in q.get("pairs", []):
            left = _plain(pair.get("left_html"))
            right = _plain(pair.get("right_html"))
            labels[pair["id"]] = left or right
            labels["right:" + pair["id"]] = right
        parts[q["id"]] = labels
    return questions, parts
