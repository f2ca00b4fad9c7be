"""Property tests: no input makes the readers raise or point outside the file, no response makes
grading raise or leave [0, max], and written quizzes read back unchanged."""

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.content.quiz.aiken import aiken_to_quiz
from app.content.quiz.gift import gift_to_quiz, quiz_to_gift
from app.content.quiz.grading import grade_question, grade_quiz, shuffled_layout
from app.content.quiz.model import MatchPair, NumericAnswer, Option, Question, Quiz, TextAnswer
from app.content.quiz.parser import parse_quiz
from app.content.quiz.writer import quiz_to_markdown

SAMPLE = Path(__file__).parents[1] / "data" / "sample-course" / "sample" / "basics" / "quiz.de.md"
SAMPLE_QUIZ, _ = parse_quiz(SAMPLE.read_bytes(), str(SAMPLE))

#: Lines that drive the reader through all of its states, to be combined at random.
FRAGMENTS = [
    "---",
    "title: T",
    "shuffle: true",
    "pass_mark: 50",
    "source_rev: 0123456789ab",
    "title: [",
    "",
    "## {#a type=single}",
    "## {#b type=multiple scoring=partial}",
    "## {#c type=truefalse}",
    "## {#d type=text}",
    "## {#e type=numeric}",
    "## {#f type=matching}",
    "## {#g type=ordering points=2}",
    "## {#a}",
    "## x",
    "##",
    "Question text",
    "- [x] a) A",
    "- [ ] b) B {pin}",
    "- [x] true)",
    "- [ ] false)",
    "- [v] c) C",
    "- [ ] no id",
    "  > feedback",
    "  more",
    "> stray",
    "= answer {score=0.5}",
    "= 25 +- 1",
    "= [1, 2]",
    "= 2,5",
    "= x {pin}",
    "| id | l | r |",
    "|---|---|---|",
    "| a | x | 1 |",
    "| b |  | 2 |",
    "| c | y |",
    "1. a) first",
    "2. b) second",
    "3) c",
    ":::hint",
    ":::explanation",
    ":::tip",
    ":::",
    ":::bogus",
    "```",
    "~~~~",
    "  ```",
    "\t> tab",
    "\r",
    "\u200b",
    "中文题目",
    "\x00",
]


def line_bound(text: str) -> int:
    return text.count("\n") + text.count("\r") + 1


def assert_lines_inside(problems, text):
    bound = line_bound(text)
    for problem in problems:
        assert 1 <= problem.line <= bound + 1, (problem, bound)
        assert problem.severity in ("error", "warning") and problem.message


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parse_quiz_never_raises_on_any_text(text):
    quiz, problems = parse_quiz(text, "quiz.de.md")
    assert quiz is not None or problems
    assert_lines_inside(problems, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_parse_quiz_never_raises_on_quiz_like_text(lines):
    text = "\n".join(lines)
    quiz, problems = parse_quiz(text, "quiz.de.md")
    assert_lines_inside(problems, text)
    if quiz is not None:
        assert not any(p.severity == "error" for p in problems)
        again, _ = parse_quiz(quiz_to_markdown(quiz), quiz.path)
        assert again == quiz


@settings(max_examples=300)
@given(st.binary())
def test_parse_quiz_never_raises_on_any_bytes(data):
    quiz, problems = parse_quiz(data, "quiz.de.md")
    text = data.decode("latin-1")
    assert_lines_inside(problems, text)


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            [
                "{",
                "}",
                "~",
                "=",
                "#",
                "->",
                "::t::",
                "%50%",
                "%-100%",
                "\\",
                ":",
                "..",
                "T",
                "1",
                "2.5",
                "x",
                " ",
                "\n",
                "\n\n",
                "//",
                "$CATEGORY: a/b",
                "[html]",
                "<p>",
                "####",
                "[markdown]",
            ]
        ),
        max_size=30,
    )
)
def test_gift_import_never_raises(parts):
    text = "".join(parts)
    quiz, problems = gift_to_quiz(text, "x.gift")
    assert_lines_inside(problems, text)
    if quiz is not None:
        written, _ = quiz_to_gift(quiz)
        gift_to_quiz(written, "y.gift")
        parse_quiz(quiz_to_markdown(quiz), "z.md")


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["Q?", "A) a", "B. b", "C) ", "ANSWER: A", "ANSWER: Z", "answer: b", ""]), max_size=20
    )
)
def test_aiken_import_never_raises(lines):
    text = "\n".join(lines)
    _, problems = aiken_to_quiz(text, "x.txt")
    assert_lines_inside(problems, text)


ids = st.sampled_from(["a", "b", "c", "d", "x", "true", "false", "zz"])
responses = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | ids,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.dictionaries(st.text(max_size=3) | ids, inner, max_size=6)
        | st.sets(ids)
        | st.tuples(inner, inner)
    ),
    max_leaves=12,
)


@settings(max_examples=400)
@given(st.sampled_from(SAMPLE_QUIZ.questions), responses)
def test_grading_any_response_never_raises_and_stays_in_range(question, response):
    result = grade_question(question, response)
    assert 0 <= result.score <= result.max == question.points


text_st = st.text(alphabet="abcxyz 中文", min_size=1, max_size=8).map(str.strip).filter(bool)
option_st = st.builds(Option, id=ids, text_md=text_st, correct=st.booleans(), pinned=st.booleans())
number_st = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
numeric_st = st.builds(
    NumericAnswer,
    kind=st.sampled_from(["exact", "abs", "rel", "range"]),
    value=number_st,
    tol=number_st,
    low=number_st,
    high=number_st,
    score=st.floats(0.01, 1),
)
question_st = st.builds(
    Question,
    id=st.sampled_from(["q1", "q2", "q3"]),
    type=st.sampled_from(["single", "multiple", "truefalse", "text", "numeric", "matching", "ordering"]),
    points=st.floats(0.1, 10),
    scoring=st.sampled_from(["all", "partial", "partial-penalty"]),
    text_md=text_st,
    options=st.lists(option_st, max_size=5).map(tuple),
    text_answers=st.lists(st.builds(TextAnswer, text=text_st, score=st.floats(0.01, 1)), max_size=3).map(
        tuple
    ),
    numeric_answers=st.lists(numeric_st, max_size=3).map(tuple),
    pairs=st.lists(
        st.builds(MatchPair, id=ids, left_md=st.just("") | text_st, right_md=text_st), max_size=5
    ).map(tuple),
    order=st.lists(ids, max_size=5).map(tuple),
)


@settings(max_examples=400)
@given(question_st, responses)
def test_grading_even_malformed_questions_never_raises(question, response):
    result = grade_question(question, response)
    assert 0 <= result.score <= result.max


@settings(max_examples=100)
@given(
    st.lists(question_st, max_size=4),
    st.dictionaries(st.sampled_from(["q1", "q2", "q3"]), responses),
    st.integers(),
)
def test_grade_quiz_and_layout_never_raise(questions, answers, seed):
    quiz = Quiz(title="T", shuffle=True, questions=tuple(questions))
    result = grade_quiz(quiz, answers)
    assert 0 <= result.score <= result.max and 0 <= result.percent <= 100 + 1e-9
    layout = shuffled_layout(quiz, random.Random(seed))
    assert set(layout) == {q.id for q in questions}


safe_text = st.text(alphabet="abc xyz,.?!中文äß", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def valid_quizzes(draw):
    """Quizzes the parser accepts, with texts that need no escaping."""
    questions = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(["single", "multiple", "truefalse", "text", "numeric", "matching", "ordering"])
        )
        base = {
            "id": f"q{index}",
            "type": kind,
            "text_md": draw(safe_text),
            "points": draw(st.sampled_from([1.0, 2.0, 0.5])),
            "hint_md": draw(st.just("") | safe_text),
            "explanation_md": draw(st.just("") | safe_text),
        }
        count = draw(st.integers(2, 5))
        letters = "abcde"[:count]
        if kind in ("single", "multiple"):
            right = draw(st.integers(0, count - 1))
            options = tuple(
                Option(
                    letter,
                    draw(safe_text),
                    i == right or (kind == "multiple" and draw(st.booleans())),
                    draw(st.just("") | safe_text),
                    draw(st.booleans()),
                )
                for i, letter in enumerate(letters)
            )
            extra = {"options": options, "shuffle": draw(st.none() | st.booleans())}
            if kind == "multiple":
                extra["scoring"] = draw(st.sampled_from(["all", "partial", "partial-penalty"]))
        elif kind == "truefalse":
            value = draw(st.booleans())
            extra = {
                "options": (
                    Option("true", "", value),
                    Option("false", "", not value, draw(st.just("") | safe_text)),
                )
            }
        elif kind == "text":
            extra = {
                "text_answers": (
                    TextAnswer(draw(safe_text), 1.0, draw(st.just("") | safe_text)),
                    TextAnswer("zzz" + draw(safe_text), 0.5),
                )
            }
        elif kind == "numeric":
            value = draw(number_st)
            extra = {
                "numeric_answers": (
                    NumericAnswer("abs", value=value, tol=abs(draw(number_st))),
                    NumericAnswer("range", low=value, high=value + 1, score=0.25),
                )
            }
        elif kind == "matching":
            pairs = tuple(MatchPair(letter, draw(safe_text), draw(safe_text)) for letter in letters)
            extra = {
                "pairs": (*pairs, MatchPair("x", "", draw(safe_text))),
                "match_headers": (draw(safe_text), ""),
                "scoring": draw(st.sampled_from(["all", "partial"])),
            }
        else:
            extra = {
                "options": tuple(Option(letter, draw(safe_text)) for letter in letters),
                "order": tuple(letters),
            }
        questions.append(Question(**base, **extra))
    return Quiz(
        title=draw(safe_text),
        lang=draw(st.sampled_from(["", "de", "zh"])),
        shuffle=draw(st.none() | st.booleans()),
        pass_mark=draw(st.none() | st.sampled_from([50.0, 70.5])),
        source_rev=draw(st.none() | st.just("00aa11bb22cc")),
        questions=tuple(questions),
        path="generated.md",
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(valid_quizzes())
def test_written_quizzes_read_back_unchanged(quiz):
    again, problems = parse_quiz(quiz_to_markdown(quiz), quiz.path)
    assert [p for p in problems if p.severity == "error"] == [], [str(p) for p in problems]
    assert again == quiz
