"""One handler per question type: the quiz form is read, graded and simulated by the same class."""

import random

import pytest

from app.content.quiz.grading import grade_quiz, shuffled_layout
from app.content.quiz.kinds import KINDS
from app.content.quiz.kinds.base import Guess, ResponseError
from app.content.quiz.kinds.ordering import REPEATED_POSITION
from app.content.quiz.model import QUESTION_TYPES
from app.content.quiz.parser import parse_quiz
from app.content.quiz.responses import parse_form
from app.content.quiz.tokens import AttemptTokens

SOURCE = """---
title: Every type
---

## {#one type=single}
Q
- [ ] a) A
- [x] b) B
- [ ] c) C

## {#tf type=truefalse}
Q
- [x] true)
- [ ] false)

## {#many type=multiple}
Q
- [x] a) A
- [x] b) B
- [ ] c) C

## {#word type=text}
Q
= CNIPA

## {#num type=numeric}
Q
= 37500

## {#match type=matching}
Q

| id | l | r |
|---|---|---|
| x | X | Ex |
| y | Y | Why |
| z |  | Zed |

## {#order type=ordering}
Q
1. first) First
2. second) Second
3. third) Third
"""


@pytest.fixture(scope="module")
def quiz():
    parsed, problems = parse_quiz(SOURCE, "quiz.en.md")
    assert parsed is not None, [str(p) for p in problems]
    return parsed


RIGHT = {
    "q-one": ["b"],
    "q-tf": ["true"],
    "q-many": ["a", "b"],
    "q-word": ["cnipa"],
    "q-num": ["37 500"],
    "q-match-x": ["x"],
    "q-match-y": ["y"],
    "q-order-first": ["1"],
    "q-order-second": ["2"],
    "q-order-third": ["3"],
    "csrf_token": ["t"],
}


def test_every_question_type_has_a_handler():
    assert set(KINDS) == set(QUESTION_TYPES)


def test_a_right_form_is_read_into_responses_that_score_full_marks(quiz):
    responses, to_correct = parse_form(quiz, RIGHT)
    assert to_correct == {}
    assert responses == {
        "one": "b",
        "tf": "true",
        "many": ["a", "b"],
        "word": "cnipa",
        "num": "37 500",
        "match": {"x": "x", "y": "y"},
        "order": ["first", "second", "third"],
    }
    result = grade_quiz(quiz, responses)
    assert result.percent == 100 and all(r.correct for r in result.results.values())


def test_empty_fields_leave_questions_unanswered(quiz):
    form = {name: [""] for name in RIGHT if name != "csrf_token"}
    assert parse_form(quiz, form) == ({}, {})


def test_a_partial_order_is_unanswered_and_a_repeated_position_must_be_corrected(quiz):
    partial = {"q-order-first": ["1"], "q-order-second": ["2"], "q-order-third": [""]}
    assert parse_form(quiz, partial) == ({}, {})
    repeated = {"q-order-first": ["1"], "q-order-second": ["1"], "q-order-third": ["3"]}
    assert parse_form(quiz, repeated) == ({}, {"order": REPEATED_POSITION})


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"q-nope": ["a"]}, "unknown field 'q-nope'"),
        ({"q-one": ["z"]}, "q-one: unknown option 'z'"),
        ({"q-one": ["a", "b"]}, "q-one: more than one value"),
        ({"q-tf": ["maybe"]}, "q-tf: unknown option 'maybe'"),
        ({"q-many": ["a", "a"]}, "q-many: unknown or repeated option"),
        ({"q-many": ["a", "z"]}, "q-many: unknown or repeated option"),
        ({"q-word": ["x" * 1001]}, "q-word: answer too long"),
        ({"q-num": ["1", "2"]}, "q-num: more than one value"),
        ({"q-match-x": ["nope"]}, "q-match-x: unknown item 'nope'"),
        ({"q-match-z": ["z"]}, "unknown field 'q-match-z'"),  # a distractor has no row
        ({"q-order-first": ["0"]}, "q-order-first: position out of range"),
        ({"q-order-first": ["4"]}, "q-order-first: position out of range"),
        ({"q-order-first": ["0001"]}, "q-order-first: position out of range"),
        ({"q-order-first": ["²"]}, "q-order-first: position out of range"),
    ],
)
def test_a_tampered_form_is_refused_whole(quiz, form, message):
    with pytest.raises(ResponseError) as error:
        parse_form(quiz, {**RIGHT, **form})
    assert str(error.value) == message


def test_with_tokens_only_disguised_matching_and_ordering_fields_are_accepted(quiz):
    tokens = AttemptTokens("secret", 7)
    with pytest.raises(ResponseError):
        parse_form(quiz, RIGHT, tokens)  # plain ordering ids are not field names of this attempt
    quiz_data = {
        "questions": [
            {"id": q.id, "type": q.type, "pairs": [{"id": p.id} for p in q.pairs], "order": list(q.order)}
            for q in quiz.questions
        ]
    }
    flat = {name: values[0] for name, values in RIGHT.items() if len(values) == 1}

    def as_sent(form):
        return {name: [value] for name, value in form.items()}

    responses, _ = parse_form(quiz, as_sent(tokens.encode_form(quiz_data, flat)), tokens)
    assert responses["match"] == {"x": "x", "y": "y"}
    assert responses["order"] == ["first", "second", "third"]
    other = AttemptTokens("secret", 8)  # a form replayed from another attempt
    with pytest.raises(ResponseError):
        parse_form(quiz, as_sent(other.encode_form(quiz_data, flat)), tokens)


@pytest.mark.parametrize("seed", range(5))
def test_a_simulated_right_answer_scores_full_marks_on_every_type(quiz, seed):
    rng = random.Random(seed)
    layout = shuffled_layout(quiz, rng)
    for q in quiz.questions:
        form = KINDS[q.type].simulate(q, layout[q.id], Guess(rng, right=True, lang="de"))
        responses, to_correct = parse_form(quiz, form)
        assert to_correct == {}
        assert KINDS[q.type].grade(q, responses.get(q.id)).correct, (q.type, form)


def test_simulated_wrong_answers_are_wrong_and_readable(quiz):
    """Over many learners every type is sometimes answered wrong, and each answer is a valid form."""
    wrong_seen = set()
    for seed in range(40):
        rng = random.Random(seed)
        layout = shuffled_layout(quiz, rng)
        for q in quiz.questions:
            guess = Guess(rng, right=False, lang="de", unsure="weiß nicht")
            responses, _ = parse_form(quiz, KINDS[q.type].simulate(q, layout[q.id], guess))
            if not KINDS[q.type].grade(q, responses.get(q.id)).correct:
                wrong_seen.add(q.type)
    assert wrong_seen == set(QUESTION_TYPES)


def test_a_german_learner_types_a_decimal_comma():
    quiz, _ = parse_quiz("---\ntitle: T\n---\n\n## {#n type=numeric}\nQ\n= 2.5\n", "q.de.md")
    q = quiz.questions[0]
    fields = KINDS["numeric"].simulate(q, [], Guess(random.Random(1), right=True, lang="de"))
    assert fields == {"q-n": ["2,5"]}
    assert KINDS["numeric"].grade(q, fields["q-n"][0]).correct
