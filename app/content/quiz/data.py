"""A parsed quiz as stored JSON: the Markdown of every part kept for grading and export, its sanitised
HTML added for the pages (rendered once, at import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

from app.content.quiz.model import MatchPair, NumericAnswer, Option, Question, Quiz, TextAnswer

Render = Callable[[str], str]

#: Markdown fields and the key their HTML is stored under.
_MD_FIELDS = {
    "text_md": "text_html",
    "feedback_md": "feedback_html",
    "hint_md": "hint_html",
    "explanation_md": "explanation_html",
    "left_md": "left_html",
    "right_md": "right_html",
}


def _with_html(item: dict[str, Any], render: Render) -> dict[str, Any]:
    for md_key, html_key in _MD_FIELDS.items():
        if md_key in item:
            item[html_key] = render(item[md_key]) if item[md_key] else ""
    item.pop("line", None)
    return item


def quiz_to_data(quiz: Quiz, render: Render, default_shuffle: bool = False) -> dict[str, Any]:
    """JSON-ready form of ``quiz`` with HTML beside each Markdown part.

    Each question's ``shuffle`` is resolved against the quiz default here, so pages need not know it.
    """
    questions = []
    for question in quiz.questions:
        data = _with_html(asdict(question), render)
        data["shuffle"] = (
            question.shuffle
            if question.shuffle is not None
            else bool(quiz.shuffle if quiz.shuffle is not None else default_shuffle)
        )
        for key in ("options", "text_answers", "numeric_answers", "pairs"):
            data[key] = [_with_html(part, render) for part in data[key]]
        questions.append(data)
    return {
        "title": quiz.title,
        "lang": quiz.lang,
        "shuffle": quiz.shuffle,
        "pass_mark": quiz.pass_mark,
        "questions": questions,
    }


def _only(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def quiz_from_data(data: dict[str, Any]) -> Quiz:
    """The quiz dataclasses back from stored JSON (for grading with app.content.quiz.grading)."""
    questions = []
    for q in data["questions"]:
        questions.append(
            Question(
                **{
                    **_only(Question, q),
                    "options": tuple(Option(**_only(Option, o)) for o in q["options"]),
                    "text_answers": tuple(TextAnswer(**_only(TextAnswer, a)) for a in q["text_answers"]),
                    "numeric_answers": tuple(
                        NumericAnswer(**_only(NumericAnswer, a)) for a in q["numeric_answers"]
                    ),
                    "pairs": tuple(MatchPair(**_only(MatchPair, p)) for p in q["pairs"]),
                    "order": tuple(q["order"]),
                    "match_headers": tuple(q["match_headers"]),
                }
            )
        )
    return Quiz(
        title=data["title"],
        lang=data["lang"],
        shuffle=data["shuffle"],
        pass_mark=data["pass_mark"],
        questions=tuple(questions),
    )
