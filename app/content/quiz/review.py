"""What the result page shows for each question: the learner's answer beside the right one, with the
trainer's feedback and explanation (HTML rendered at import, see `app.content.quiz.data`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _feedback_html(question: dict[str, Any], feedback_md: list[str]) -> list[str]:
    """HTML of the feedback the grader chose (it returns Markdown; the stored quiz has both)."""
    html_of = {}
    for key in ("options", "text_answers", "numeric_answers"):
        for part in question[key]:
            if part.get("feedback_md"):
                html_of[part["feedback_md"]] = part["feedback_html"]
    return [html_of[md] for md in feedback_md if md in html_of]


def _option_marks(options: list[dict[str, Any]], chosen: set[str], qtype: str, correct: bool, reveal: bool):
    """Each option with its verdict: "right" (green), "wrong" (red), "missed" (a right option not chosen,
    only once the key is shown) or None. Before the key is shown a verdict is given only where the score
    already tells it: every choice of a fully right question, the one choice of a wrong single choice."""
    marked = []
    for o in options:
        is_chosen = o["id"] in chosen
        if reveal:
            verdict = (
                ("right" if o["correct"] else "wrong") if is_chosen else ("missed" if o["correct"] else None)
            )
        elif is_chosen and correct:
            verdict = "right"
        elif is_chosen and qtype in ("single", "truefalse"):
            verdict = "wrong"
        else:
            verdict = None
        marked.append(
            {
                "id": o["id"],
                "html": o["text_html"],
                "chosen": is_chosen,
                "correct": o["correct"],
                "verdict": verdict,
            }
        )
    return marked


def review_rows(
    quiz: dict[str, Any],
    responses: Mapping[str, Any] | None,
    results: Mapping[str, Any] | None,
    reveal: bool = False,
) -> list[dict[str, Any]]:
    """One row per question of the stored `quiz`, from an attempt's stored responses and results;
    ``reveal`` shows the key (after a pass, or with no attempt left)."""
    responses = responses or {}
    results = results or {}
    rows = []
    for number, question in enumerate(quiz["questions"], start=1):
        qid = question["id"]
        result = results.get(
            qid, {"score": 0, "max": question["points"], "correct": False, "feedback_md": [], "items": []}
        )
        given = responses.get(qid)
        row: dict[str, Any] = {
            "number": number,
            "question": question,
            "score": result["score"],
            "max": result["max"],
            "correct": result["correct"],
            "partial": 0 < result["score"] < result["max"],
            "feedback": _feedback_html(question, list(result.get("feedback_md", []))),
            "given": given,
        }
        qtype = question["type"]
        if qtype in ("single", "multiple", "truefalse"):
            chosen = set(given if isinstance(given, list) else [given] if given else [])
            row["options"] = _option_marks(question["options"], chosen, qtype, result["correct"], reveal)
        elif qtype == "matching":
            right_html = {p["id"]: p["right_html"] for p in question["pairs"]}
            given_map = given if isinstance(given, dict) else {}
            row["pairs"] = [
                {
                    "left": p["left_html"],
                    "given": right_html.get(given_map.get(p["id"], ""), ""),
                    "expected": p["right_html"],
                    "right": item["right"],
                }
                for p, item in zip(
                    [p for p in question["pairs"] if p["left_md"]], result.get("items", []), strict=False
                )
            ]
        elif qtype == "ordering":
            html = {o["id"]: o["text_html"] for o in question["options"]}
            row["expected_order"] = [html[i] for i in question["order"]]
            placed = {item["id"]: item["right"] for item in result.get("items", [])}
            order = given if isinstance(given, list) else []
            row["given_order"] = [
                {"html": html.get(i, ""), "right": placed.get(expected, False)}
                for i, expected in zip(order, question["order"], strict=False)
            ]
        else:
            answers = question["text_answers"] if qtype == "text" else question["numeric_answers"]
            row["accepted"] = answers
        rows.append(row)
    return rows
