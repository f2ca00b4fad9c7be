"""The result page's rows come from the stored quiz and the attempt's stored responses and results."""

from dataclasses import asdict

from app.content.quiz.data import quiz_to_data
from app.content.quiz.grading import grade_quiz
from app.content.quiz.parser import parse_quiz
from app.content.quiz.review import review_rows

SOURCE = """---
title: Review
---

## {#one type=single}
Q
- [ ] a) A
  > Not A.
- [x] b) B

## {#match type=matching}
Q
| id | l | r |
|---|---|---|
| x | X | Ex |
| y | Y | Why |

## {#order type=ordering}
Q
1. a) First
2. b) Second

## {#word type=text}
Q
= CNIPA
"""


def _stored():
    quiz, problems = parse_quiz(SOURCE, "quiz.en.md")
    assert quiz is not None, problems
    return quiz, quiz_to_data(quiz, lambda md: f"<p>{md}</p>")


def test_rows_show_the_answer_beside_the_right_one_with_the_chosen_feedback():
    quiz, data = _stored()
    responses = {"one": "a", "match": {"x": "y", "y": "y"}, "order": ["b", "a"]}
    results = {qid: asdict(r) for qid, r in grade_quiz(quiz, responses).results.items()}
    one, match, order, word = review_rows(data, responses, results)
    assert (one["number"], one["correct"], one["feedback"]) == (1, False, ["<p>Not A.</p>"])
    assert [(o["id"], o["chosen"], o["correct"]) for o in one["options"]] == [
        ("a", True, False),
        ("b", False, True),
    ]
    assert [(p["given"], p["expected"], p["right"]) for p in match["pairs"]] == [
        ("<p>Why</p>", "<p>Ex</p>", False),
        ("<p>Why</p>", "<p>Why</p>", True),
    ]
    assert match["partial"] is False and match["score"] == 0
    assert order["given_order"] == [
        {"html": "<p>Second</p>", "right": False},
        {"html": "<p>First</p>", "right": False},
    ]
    assert order["expected_order"] == ["<p>First</p>", "<p>Second</p>"]
    assert word["given"] is None and word["score"] == 0 and [a["text"] for a in word["accepted"]] == ["CNIPA"]


def test_an_attempt_without_stored_results_shows_every_question_unanswered():
    _, data = _stored()
    rows = review_rows(data, None, None)
    assert [(r["score"], r["correct"], r["given"]) for r in rows] == [(0, False, None)] * 4
    assert [r["max"] for r in rows] == [1.0, 1.0, 1.0, 1.0]
