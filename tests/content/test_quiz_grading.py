"""Scoring (docs/authoring.md, "Scoring"): every type and rule, by option id, never raising."""

import random

import pytest

from app.content.quiz.grading import grade_question, grade_quiz, shuffled_layout
from app.content.quiz.parser import parse_quiz

SOURCE = """---
title: Grading
shuffle: true
---

## {#single type=single points=2}
Q
- [ ] a) A
  > Not A.
- [x] b) B
  > Yes, B.
- [ ] c) C
- [ ] d) None {pin}

## {#tf type=truefalse}
Q
- [x] true)
  > Right.
- [ ] false)
  > Wrong.

## {#all type=multiple points=3}
Q
- [x] a) A
- [x] b) B
- [x] c) C
- [ ] d) D
  > Not D.

## {#partial type=multiple points=3 scoring=partial}
Q
- [x] a) A
- [x] b) B
- [x] c) C
- [ ] d) D

## {#penalty type=multiple points=3 scoring=partial-penalty shuffle=false}
Q
- [x] a) A
- [x] b) B
- [x] c) C
- [ ] d) D
- [ ] e) E

## {#text type=text points=2}
Q
= CNIPA
  > Right.
= 国家知识产权局
= SIPO {score=0.5}
  > Old name.

## {#numeric type=numeric}
Q
= 37500 +- 1
= 37500 +- 5% {score=0.5}
  > Close.
= [1000, 2000] {score=0.25}

## {#exact type=numeric}
Q
= 0.3

## {#match type=matching points=4}
Q
| id | l | r |
|---|---|---|
| a | Patent | 20 years |
| b | Utility model | 10 years |
| c | Design | 15 years |
| d | Trademark | 10 years |
| x |  | 5 years |

## {#match-partial type=matching points=3 scoring=partial}
Q
| id | l | r |
|---|---|---|
| a | A | 1 |
| b | B | 2 |
| c | C | 3 |

## {#order type=ordering points=2}
Q
1. a) First
2. b) Second
3. c) Third
4. d) Fourth

## {#order-partial type=ordering scoring=partial-penalty}
Q
1. a) First
2. b) Second
3. c) Third
4. d) Fourth
"""

QUIZ, _PROBLEMS = parse_quiz(SOURCE, "grading.md")


def question(question_id):
    assert QUIZ is not None, _PROBLEMS
    return next(q for q in QUIZ.questions if q.id == question_id)


def score(question_id, response):
    result = grade_question(question(question_id), response)
    return result.score


@pytest.mark.parametrize(
    ("question_id", "response", "expected"),
    [
        ("single", "b", 2),
        ("single", "a", 0),
        ("single", "d", 0),
        ("single", "B", 0),
        ("single", None, 0),
        ("single", ["b"], 0),
        ("tf", "true", 1),
        ("tf", "false", 0),
        ("tf", True, 0),
        # multiple, all: exactly the correct set
        ("all", ["a", "b", "c"], 3),
        ("all", ("c", "b", "a", "a"), 3),
        ("all", {"a", "b"}, 0),
        ("all", ["a", "b", "c", "d"], 0),
        # partial: share of correct, 0 once a wrong one is chosen
        ("partial", ["a", "b"], 2),
        ("partial", ["a"], 1),
        ("partial", ["a", "b", "c", "d"], 0),
        ("partial", [], 0),
        # partial-penalty: (correct - wrong) / correct, never below 0
        ("penalty", ["a", "b", "c"], 3),
        ("penalty", ["a", "b", "c", "d"], 2),
        ("penalty", ["a", "b", "d"], 1),
        ("penalty", ["a", "d", "e"], 0),
        ("penalty", ["d", "e"], 0),
        # unknown ids and wrong shapes
        ("partial", ["a", "zzz"], 0),
        ("partial", "abc", 0),
        ("partial", {"a": True}, 0),
        ("partial", [["a"]], 0),
        ("partial", 42, 0),
        # text: normalised, first match, score × points
        ("text", "cnipa", 2),
        ("text", "  ＣＮＩＰＡ\u200b ", 2),
        ("text", "国家知识产权局", 2),
        ("text", "sipo", 1),
        ("text", "DPMA", 0),
        ("text", "", 0),
        ("text", 5, 0),
        # numeric: tolerance, percent, range, decimal comma, thousands separators
        ("numeric", "37500", 1),
        ("numeric", "37 500,5", 1),
        ("numeric", "37499", 1),
        ("numeric", "37498", 0.5),
        ("numeric", "39375", 0.5),
        ("numeric", "39376", 0),
        ("numeric", "1500", 0.25),
        ("numeric", "2000", 0.25),
        ("numeric", "2001", 0),
        ("numeric", "1,2,3", 0),
        ("numeric", 37500, 0),
        ("exact", "0.3", 1),
        ("exact", "0,30", 1),
        ("exact", "0.31", 0),
        # matching: all pairs right, or the share of pairs
        ("match", {"a": "a", "b": "b", "c": "c", "d": "d"}, 4),
        ("match", {"a": "a", "b": "d", "c": "c", "d": "b"}, 4),  # the same right-hand text "10 years"
        ("match", {"a": "a", "b": "b", "c": "x", "d": "d"}, 0),
        ("match", {"a": "a"}, 0),
        ("match-partial", {"a": "a", "b": "b", "c": "c"}, 3),
        ("match-partial", {"a": "a", "b": "c", "c": "b"}, 1),
        ("match-partial", {"a": "a", "b": "nope", "c": 3, "zz": "c"}, 1),
        ("match-partial", ["a", "b", "c"], 0),
        # ordering: the whole order, or the share of items in place
        ("order", ["a", "b", "c", "d"], 2),
        ("order", ["b", "a", "c", "d"], 0),
        ("order-partial", ["b", "a", "c", "d"], 0.5),
        ("order-partial", ["d", "c", "b", "a"], 0),
        ("order-partial", ["a", "b", "c"], 0),
        ("order-partial", ["a", "b", "c", "c"], 0),
        ("order-partial", ["a", "b", "c", "d", "e"], 0),
        ("order-partial", "abcd", 0),
    ],
)
def test_scores(question_id, response, expected):
    assert score(question_id, response) == pytest.approx(expected)


def test_result_details_for_choices():
    result = grade_question(question("single"), "a")
    assert (result.score, result.max, result.correct) == (0, 2, False)
    assert result.feedback_md == ("Not A.",)
    assert [(i.id, i.given, i.right) for i in result.items] == [
        ("a", "a", False),
        ("b", None, False),
        ("c", None, True),
        ("d", None, True),
    ]
    result = grade_question(question("all"), ["a", "b", "c", "d"])
    assert result.feedback_md == ("Not D.",)


def test_result_details_for_typed_matching_and_ordering():
    text = grade_question(question("text"), "SIPO")
    assert (text.score, text.max, text.correct, text.feedback_md) == (1, 2, False, ("Old name.",))
    numeric = grade_question(question("numeric"), "37 500")
    assert numeric.correct and numeric.feedback_md == ()
    match = grade_question(question("match-partial"), {"a": "a", "b": "c"})
    assert [(i.id, i.given, i.right) for i in match.items] == [
        ("a", "a", True),
        ("b", "c", False),
        ("c", None, False),
    ]
    order = grade_question(question("order"), ["a", "c", "b", "d"])
    assert [(i.id, i.given, i.right) for i in order.items] == [
        ("a", "a", True),
        ("b", "c", False),
        ("c", "b", False),
        ("d", "d", True),
    ]


def test_grade_quiz_totals_and_pass_mark():
    perfect = {
        "single": "b",
        "tf": "true",
        "all": ["a", "b", "c"],
        "partial": ["a", "b", "c"],
        "penalty": ["a", "b", "c"],
        "text": "CNIPA",
        "numeric": "37500",
        "exact": "0.3",
        "match": {"a": "a", "b": "b", "c": "c", "d": "d"},
        "match-partial": {"a": "a", "b": "b", "c": "c"},
        "order": ["a", "b", "c", "d"],
        "order-partial": ["a", "b", "c", "d"],
    }
    result = grade_quiz(QUIZ, perfect)
    assert (result.score, result.max, result.percent, result.passed) == (26, 26, 100, True)
    half = dict(perfect, match={}, order=[], single="a", numeric="0")
    result = grade_quiz(QUIZ, half)
    assert result.score == 17 and result.percent == pytest.approx(100 * 17 / 26)
    assert result.passed is False
    assert grade_quiz(QUIZ, half, pass_mark=65).passed is True
    assert result.results["single"].score == 0 and result.results["tf"].score == 1


def test_grade_quiz_uses_the_quiz_pass_mark_then_70():
    quiz, _ = parse_quiz(
        "---\ntitle: T\npass_mark: 50\n---\n## {#a type=truefalse}\nQ\n- [x] true)\n- [ ] false)\n"
    )
    assert grade_quiz(quiz, {}).passed is False
    assert grade_quiz(quiz, {"a": "true"}).passed is True
    assert grade_quiz(quiz, "not a mapping").score == 0  # type: ignore[arg-type]


def test_passing_exactly_at_the_mark_despite_float_rounding():
    quiz, _ = parse_quiz(
        "---\ntitle: T\n---\n## {#a type=multiple scoring=partial points=0.3}\nQ\n"
        "- [x] a) A\n- [x] b) B\n- [x] c) C\n- [ ] d) D\n"
    )
    result = grade_quiz(quiz, {"a": ["a", "b"]}, pass_mark=200 / 3)
    assert result.passed


def test_layout_respects_shuffle_flags_and_pins():
    layouts = [shuffled_layout(QUIZ, random.Random(seed)) for seed in range(60)]
    for layout in layouts:
        assert sorted(layout["single"]) == ["a", "b", "c", "d"] and layout["single"][3] == "d"
        assert layout["penalty"] == ["a", "b", "c", "d", "e"]  # shuffle=false
        assert layout["tf"] == ["true", "false"]
        assert layout["text"] == [] and layout["numeric"] == []
        assert layout["order"] != ["a", "b", "c", "d"] and sorted(layout["order"]) == ["a", "b", "c", "d"]
        assert sorted(layout["match"]) == ["a", "b", "c", "x"]  # "10 years" shown once
    assert len({tuple(layout["single"]) for layout in layouts}) > 1
    assert len({tuple(layout["match"]) for layout in layouts}) > 1


def test_layout_without_quiz_shuffle_keeps_file_order_but_still_shuffles_ordering():
    quiz, _ = parse_quiz(
        "---\ntitle: T\n---\n## {#s type=single}\nQ\n- [x] a) A\n- [ ] b) B\n- [ ] c) C\n\n"
        "## {#o type=ordering}\nQ\n1. a) A\n2. b) B\n"
    )
    for seed in range(20):
        layout = shuffled_layout(quiz, random.Random(seed))
        assert layout == {"s": ["a", "b", "c"], "o": ["b", "a"]}


def test_layout_is_reproducible_from_the_seed():
    assert shuffled_layout(QUIZ, random.Random(7)) == shuffled_layout(QUIZ, random.Random(7))


def test_grading_goes_by_id_whatever_the_layout():
    for seed in range(10):
        layout = shuffled_layout(QUIZ, random.Random(seed))
        assert "b" in layout["single"]
        assert grade_question(question("single"), "b").score == 2


def test_single_choice_with_several_correct_options_gives_full_points_for_any_of_them():
    quiz, _ = parse_quiz(
        "---\ntitle: T\n---\n## {#two type=single points=2}\nQ\n- [x] a) A\n- [ ] b) B\n- [x] c) C\n", "q.md"
    )
    two = quiz.questions[0]
    assert [grade_question(two, answer).score for answer in ("a", "b", "c", None, ["a", "c"])] == [
        2,
        0,
        2,
        0,
        0,
    ]
    result = grade_question(two, "c")
    assert result.correct and [(i.id, i.right) for i in result.items] == [
        ("a", True),
        ("b", True),
        ("c", True),
    ]
    assert [(i.id, i.right) for i in grade_question(two, "b").items] == [
        ("a", False),
        ("b", False),
        ("c", False),
    ]
