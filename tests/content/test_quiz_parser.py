"""The quiz file reader: every question type, every feature, and every error with its line number.

Bodies are parsed behind the three-line front matter of the `parse` fixture, so a question heading
written first is line 4.
"""

from pathlib import Path

import pytest

from app.content.quiz.model import MatchPair, NumericAnswer, Option, TextAnswer
from app.content.quiz.parser import parse_quiz


def test_single_choice_with_pin_feedback_hint_and_explanation(parse_ok):
    quiz = parse_ok(
        "## {#first-to-file type=single points=2}\n"
        "Wer erhält das Recht an einer Marke?\n"
        "\n"
        "- [ ] a) Wer sie zuerst benutzt\n"
        "  > Es zählt die Anmeldung.\n"
        "- [x] b) Wer sie zuerst anmeldet\n"
        "- [ ] d) Keine der Antworten {pin}\n"
        "\n"
        ":::hint\nDenken Sie an das Prinzip.\n:::\n"
        "\n"
        ":::explanation\nChina folgt „first to file“.\n\nZweiter Absatz.\n:::\n"
    )
    (q,) = quiz.questions
    assert (q.id, q.type, q.points, q.scoring, q.shuffle, q.line) == (
        "first-to-file",
        "single",
        2.0,
        "all",
        None,
        4,
    )
    assert q.text_md == "Wer erhält das Recht an einer Marke?"
    assert q.options == (
        Option("a", "Wer sie zuerst benutzt", False, "Es zählt die Anmeldung."),
        Option("b", "Wer sie zuerst anmeldet", True),
        Option("d", "Keine der Antworten", False, pinned=True),
    )
    assert [o.line for o in q.options] == [7, 9, 10]
    assert q.hint_md == "Denken Sie an das Prinzip."
    assert q.explanation_md == "China folgt „first to file“.\n\nZweiter Absatz."


def test_front_matter_values(parse_ok):
    front = "---\ntitle: Marken – Quiz\nshuffle: true\npass_mark: 75\nsource_rev: 0123456789ab\n---\n"
    quiz = parse_ok(
        "## {#a type=truefalse}\nT\n\n- [x] true)\n- [ ] false)\n", front=front, path="x/quiz.zh.md"
    )
    assert (quiz.title, quiz.lang, quiz.shuffle, quiz.pass_mark, quiz.source_rev) == (
        "Marken – Quiz",
        "zh",
        True,
        75.0,
        "0123456789ab",
    )
    assert quiz.path == "x/quiz.zh.md"


def test_source_rev_of_digits_only_is_kept_as_written(parse_ok):
    front = "---\ntitle: T\nsource_rev: 012345678901\n---\n"
    quiz = parse_ok("## {#a type=truefalse}\nT\n\n- [x] true)\n- [ ] false)\n", front=front)
    assert quiz.source_rev == "012345678901"


def test_multiple_choice_with_scoring_and_shuffle(parse_ok):
    quiz = parse_ok(
        "## {#nnn type=multiple scoring=partial-penalty shuffle=false}\nWas regelt NNN?\n\n"
        "- [x] a) non-use\n- [X] b) non-disclosure\n* [ ] c) Lizenzgebühren\n"
    )
    (q,) = quiz.questions
    assert (q.scoring, q.shuffle) == ("partial-penalty", False)
    assert [(o.id, o.correct) for o in q.options] == [("a", True), ("b", True), ("c", False)]


def test_option_text_continues_on_indented_lines_and_code_fences_are_opaque(parse_ok):
    quiz = parse_ok(
        "## {#code type=single}\nWhat does this print?\n\n```python\n- [x] z) not an option\n## {#nor-a-question}\n```\n\n"
        "- [x] a) first line\n  second line\n\n  ```\n  - [ ] y) code\n\n  ```\n  > feedback one\n  >\n  > feedback two\n"
        "- [ ] b) other\n"
    )
    (q,) = quiz.questions
    assert (
        q.text_md == "What does this print?\n\n```python\n- [x] z) not an option\n## {#nor-a-question}\n```"
    )
    assert q.options[0].text_md == "first line\nsecond line\n\n```\n- [ ] y) code\n\n```"
    assert q.options[0].feedback_md == "feedback one\n\nfeedback two"
    assert q.options[1].line == 22


def test_truefalse(parse_ok):
    quiz = parse_ok(
        "## {#tf type=truefalse}\nPatente wirken weltweit.\n\n- [ ] true)\n  > Nein.\n- [x] false) Falsch\n"
    )
    (q,) = quiz.questions
    assert q.options == (Option("true", "", False, "Nein."), Option("false", "Falsch", True))


def test_text_answers_with_scores_and_feedback(parse_ok):
    quiz = parse_ok(
        "## {#office type=text}\nWie heißt die Behörde?\n\n= CNIPA\n  > Richtig.\n= 国家知识产权局\n= SIPO {score=0.5}\n  > Alter Name.\n"
    )
    (q,) = quiz.questions
    assert q.text_answers == (
        TextAnswer("CNIPA", 1.0, "Richtig."),
        TextAnswer("国家知识产权局"),
        TextAnswer("SIPO", 0.5, "Alter Name."),
    )
    assert [a.line for a in q.text_answers] == [7, 9, 10]


def test_numeric_answers_of_every_kind(parse_ok):
    quiz = parse_ok(
        "## {#n type=numeric}\nHow much?\n\n= 10\n= 25 +- 1\n= 25 ± 4% {score=0.5}\n  > Close.\n= [20, 30] {score=0.25}\n= -1.5e3\n"
    )
    (q,) = quiz.questions
    assert q.numeric_answers == (
        NumericAnswer("exact", value=10.0),
        NumericAnswer("abs", value=25.0, tol=1.0),
        NumericAnswer("rel", value=25.0, tol=4.0, score=0.5, feedback_md="Close."),
        NumericAnswer("range", low=20.0, high=30.0, score=0.25),
        NumericAnswer("exact", value=-1500.0),
    )


def test_matching_table_with_distractor_and_escaped_pipe(parse_ok):
    quiz = parse_ok(
        "## {#terms type=matching scoring=partial}\nOrdnen Sie zu.\n\n"
        "| id | Schutzrecht | Schutzdauer |\n|----|:---|---:|\n| a | Patent | 20 Jahre |\n"
        "| b | Gebrauchsmuster | 10 \\| zehn Jahre |\n| x |  | 5 Jahre |\n"
    )
    (q,) = quiz.questions
    assert q.match_headers == ("Schutzrecht", "Schutzdauer")
    assert q.pairs == (
        MatchPair("a", "Patent", "20 Jahre"),
        MatchPair("b", "Gebrauchsmuster", "10 | zehn Jahre"),
        MatchPair("x", "", "5 Jahre"),
    )
    assert q.pairs[2].is_distractor and [p.line for p in q.pairs] == [9, 10, 11]


def test_ordering(parse_ok):
    quiz = parse_ok(
        "## {#steps type=ordering}\nReihenfolge?\n\n1. a) Recherche\n2. b) Anmeldung\n   mit Details\n3) c) Prüfung\n"
    )
    (q,) = quiz.questions
    assert q.order == ("a", "b", "c")
    assert [o.text_md for o in q.options] == ["Recherche", "Anmeldung\n mit Details", "Prüfung"]


def test_callouts_in_question_text(parse_ok):
    quiz = parse_ok("## {#c type=truefalse}\nText\n\n:::tip\nA tip\n:::\n\n- [x] true)\n- [ ] false)\n")
    assert quiz.questions[0].text_md == "Text\n\n:::tip\nA tip\n:::"


def test_windows_line_endings_and_bom_keep_line_numbers(parse):
    body = "---\r\ntitle: T\r\n---\r\n\r\n## {#a type=single}\r\nQ\r\n- [x] a) x\r\n- [x] b) y\r\n"
    quiz, problems = parse("", front="\ufeff" + body)
    assert quiz is None
    assert [(p.line, p.message.split(" question")[0]) for p in problems] == [(5, "every option of single")]


def test_warnings_leave_the_quiz_usable(parse):
    quiz, problems = parse("## {#t type=text shuffle=true}\nQ\n\n= a\n= A\n")
    assert quiz is not None
    assert [(p.line, p.severity) for p in problems] == [(4, "warning"), (8, "warning")]
    assert "no effect on text questions" in problems[0].message
    assert "same as the one on line 7" in problems[1].message
    assert str(problems[0]).startswith("quiz.de.md:4: warning: shuffle=")


HEADING_ERRORS = [
    ("## {#a}\nT\n", 4, "has no type"),
    ("## {#a type=choice}\nT\n", 4, "unknown question type 'choice'"),
    ("## {#a type=singel}\nT\n", 4, "did you mean 'single'?"),
    ("## {#A_1 type=single}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "bad question id 'A_1'"),
    ("## {type=single}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "has no id"),
    ("## {#a #b type=single}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "two ids"),
    ("## {#a type=single foo}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "bad attribute 'foo'"),
    ("## {#a type=single weight=2}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "unknown attribute 'weight'"),
    ("## {#a type=single type=single}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "attribute 'type' is given twice"),
    (
        "## {#a type=single points=0}\nT\n- [x] a) x\n- [ ] b) y\n",
        4,
        "points must be a positive number, not '0'",
    ),
    ("## {#a type=single points=many}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "points must be a positive number"),
    ("## {#a type=single scoring=partial}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "scoring= applies to multiple"),
    ("## {#a type=multiple scoring=some}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "scoring must be one of"),
    ("## {#a type=single shuffle=yes}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "shuffle must be true or false"),
    ("## {#a type=single localized=yes}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "localized must be true or false"),
    ("## Frage 1\nT\n", 4, "holds only attributes in braces"),
]


@pytest.mark.parametrize(("body", "line", "message"), HEADING_ERRORS)
def test_heading_errors(parse, body, line, message):
    assert_error(parse, body, line, message)


BODY_ERRORS = [
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [x] b) y\n",
        4,
        "every option of single question 'a' is marked [x]",
    ),
    (
        "## {#a type=single}\nT\n- [ ] a) x\n- [ ] b) y\n",
        4,
        "needs at least one correct option marked [x], question 'a' has 0",
    ),
    ("## {#a type=multiple}\nT\n- [ ] a) x\n- [ ] b) y\n", 4, "needs at least one correct option"),
    ("## {#a type=single}\nT\n- [x] a) x\n", 4, "needs at least two options"),
    ("## {#a type=single}\nT\n", 4, "has no options"),
    ("## {#a type=single}\nT\n- [x] a) x\n- [ ] a) y\n", 7, "duplicate option id 'a' (first on line 6)"),
    ("## {#a type=single}\nT\n- [x] A) x\n- [ ] b) y\n", 6, "bad option id 'A'"),
    ("## {#a type=single}\nT\n- [x] no id here\n- [ ] b) y\n", 6, "option has no id"),
    (
        "## {#a type=single}\nT\n- [v] a) x\n- [ ] b) y\n",
        6,
        "mark options with [x] (correct) or [ ] (wrong), not [v]",
    ),
    ("## {#a type=single}\nT\n- [x] a)\n- [ ] b) y\n", 6, "option 'a' has no text"),
    ("## {#a type=single}\nT\n- [x] a) x {score=0.5}\n- [ ] b) y\n", 6, "options take no score"),
    ("## {#a type=truefalse}\nT\n- [x] yes)\n- [ ] false)\n", 6, "'true)' and 'false)', not 'yes)'"),
    ("## {#a type=truefalse}\nT\n- [x] true)\n", 4, "needs exactly the two options"),
    (
        "## {#a type=truefalse}\nT\n- [x] true)\n- [x] false)\n",
        4,
        "exactly one of true/false marked [x], has 2",
    ),
    (
        "## {#a type=numeric}\nT\n= 2,5\n",
        6,
        "cannot read the number '2,5' (the file uses a decimal point: 2.5)",
    ),
    ("## {#a type=numeric}\nT\n= zehn\n", 6, "cannot read the number 'zehn'"),
    ("## {#a type=numeric}\nT\n= nan\n", 6, "cannot read the number 'nan'"),
    ("## {#a type=numeric}\nT\n= 1e999\n", 6, "cannot read the number '1e999'"),
    ("## {#a type=numeric}\nT\n= [30, 20]\n", 6, "range [30, 20] is empty: low is above high"),
    ("## {#a type=numeric}\nT\n= [20 30]\n", 6, "a range is written '[low, high]'"),
    ("## {#a type=numeric}\nT\n= 3 +- -1\n", 6, "tolerance must not be negative, not -1"),
    ("## {#a type=numeric}\nT\n= 3 +- x%\n", 6, "cannot read the number 'x'"),
    ("## {#a type=numeric}\nT\n= 3 {score=half}\n", 6, "cannot read the score 'half'"),
    ("## {#a type=numeric}\nT\n", 4, "has no accepted answers"),
    ("## {#a type=text}\nT\n", 4, "has no accepted answers"),
    ("## {#a type=text}\nT\n= foo {score=1.5}\n", 6, "score must be greater than 0 and at most 1, not 1.5"),
    ("## {#a type=text}\nT\n= foo {score=0}\n", 6, "not 0"),
    ("## {#a type=text}\nT\n= \u200b {score=1}\n", 6, "empty accepted answer"),
    ("## {#a type=text}\nT\n= x {pin}\n", 6, "accepted answers cannot be pinned"),
    ("## {#a type=text}\nT\n= x\n  more text\n", 7, "only feedback lines"),
    ("## {#a type=single}\n\n- [x] a) x\n- [ ] b) y\n", 4, "question 'a' has no text"),
    ("## {#a type=text}\nT\n- [x] a) x\n= foo\n", 6, "a text question takes no options"),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| a | x |\n| b | y | z |\n",
        8,
        "has three cells",
    ),
    (
        "## {#a type=matching}\nT\n| id | l |\n|---|---|\n| a | x | 1 |\n| b | y | z |\n",
        6,
        "has three columns",
    ),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n| a | x | 1 |\n| b | y | z |\n",
        6,
        "followed by a line like |---|---|---|",
    ),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| a | x | 1 |\n| a | y | z |\n",
        9,
        "duplicate pair id 'a' (first on line 8)",
    ),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| a | x | 1 |\n| b |  | z |\n",
        4,
        "at least two pairs",
    ),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| a | x | 1 |\n| b | y |  |\n",
        9,
        "pair 'b' has no right-hand side",
    ),
    ("## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| A | x | 1 |\n", 8, "bad pair id 'A'"),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| | x | 1 |\n",
        8,
        "needs an id in its first cell",
    ),
    (
        "## {#a type=matching}\nT\n| id | l | r |\n|---|---|---|\n| a | x | 1 |\n\n| b | y | 2 |\n",
        10,
        "continues after a blank line",
    ),
    ("## {#a type=matching}\nT\n", 4, "has no table"),
    ("## {#a type=ordering}\nT\n1. a) x\n", 4, "needs at least two items"),
    ("## {#a type=ordering}\nT\n1. a) x\n2. a) y\n", 7, "duplicate item id 'a' (first on line 6)"),
    ("## {#a type=ordering}\nT\n1. a) x {pin}\n2. b) y\n", 6, "ordering items cannot be pinned"),
    ("## {#a type=ordering}\nT\n1. a) x\n  > feedback\n2. b) y\n", 7, "ordering items have no feedback"),
    ("## {#a type=ordering}\nT\n1. just text\n2. b) y\n", 6, "item has no id"),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n\n:::hint\nfoo\n",
        9,
        "the :::hint block is not closed",
    ),
    ("## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::\n", 8, "':::' closes no block"),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::hint\nfoo\n:::\n:::hint\nbar\n:::\n",
        11,
        "second :::hint block in this question (the first is on line 8)",
    ),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::explanation\n:::\n",
        8,
        "empty :::explanation block",
    ),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::solution\nx\n:::\n",
        8,
        "unknown block ':::solution'",
    ),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::tip\nx\n:::\n",
        8,
        "box belongs in the question text",
    ),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\nMore text\n",
        8,
        "unexpected text after the answers of question 'a'",
    ),
    (
        "## {#a type=single}\nT\n- [x] a) x\n> fb\n- [ ] b) y\n",
        7,
        "feedback belongs under its answer, indented by two spaces",
    ),
    ("## {#a type=single}\nT\n- [x] a) x\n  > fb\n  more\n- [ ] b) y\n", 8, "text after the feedback"),
    (
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::hint\nh\n:::\n- [ ] c) z\n",
        11,
        "only :::hint and :::explanation blocks may follow",
    ),
    ("Intro\n\n## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n", 4, "text before the first question"),
    ("## {#a type=single}\nT\n```\n- [x] a) x\n", 6, "code block is not closed"),
    ("", 4, "the quiz has no questions"),
]


@pytest.mark.parametrize(("body", "line", "message"), BODY_ERRORS)
def test_body_errors(parse, body, line, message):
    assert_error(parse, body, line, message)


def test_duplicate_question_ids(parse):
    tf = "T\n- [x] true)\n- [ ] false)\n\n"
    assert_error(
        parse,
        "## {#a type=truefalse}\n" + tf + "## {#a type=truefalse}\n" + tf,
        9,
        "duplicate question id 'a' (first used on line 4)",
    )


def test_an_unclosed_block_does_not_swallow_the_next_question(parse):
    quiz, problems = parse(
        "## {#a type=single}\nT\n- [x] a) x\n- [ ] b) y\n:::hint\nfoo\n\n## {#b type=truefalse}\nT\n- [x] yes)\n- [ ] false)\n"
    )
    assert [p.line for p in problems] == [8, 13]


def test_a_broken_answer_line_is_not_followed_by_consequential_errors(parse):
    quiz, problems = parse("## {#a type=numeric}\nT\n= 2,5\n")
    assert [(p.line, p.message) for p in problems] == [
        (6, "cannot read the number '2,5' (the file uses a decimal point: 2.5)")
    ]


FRONT_MATTER_ERRORS = [
    ("## {#a type=single}\n", 1, "starts with front matter"),
    ("---\ntitle: T\n", 1, "front matter is not closed"),
    ("---\ntitle: [unclosed\nshuffle: true\n---\n", 2, "invalid YAML in the front matter"),
    ("---\n- a list\n---\n", 2, "must be 'key: value' lines"),
    ("---\nshuffle: true\n---\n", 1, "the front matter has no title"),
    ("---\ntitle: T\nshufle: true\n---\n", 3, "unknown front matter key 'shufle' (did you mean 'shuffle'?)"),
    ("---\ntitle: T\nshuffle: maybe\n---\n", 3, "shuffle must be true or false"),
    ("---\ntitle: T\npass_mark: 170\n---\n", 3, "pass_mark must be a number between 0 and 100"),
    ("---\ntitle: T\nsource_rev: SOURCE_REV\n---\n", 3, "source_rev must be 12 lower-case hex digits"),
    ("---\ntitle: T\nlang: en\n---\n", 3, "lang is 'en' but the file name says 'de'"),
    ("---\ntitle: ''\n---\n", 2, "title must be a non-empty text"),
]


@pytest.mark.parametrize(("front", "line", "message"), FRONT_MATTER_ERRORS)
def test_front_matter_errors(parse, front, line, message):
    body = "\n## {#a type=truefalse}\nT\n- [x] true)\n- [ ] false)\n" if front.endswith("---\n") else ""
    assert_error(parse, body, line, message, front=front)


def assert_error(parse, body, line, message, **kwargs):
    quiz, problems = parse(body, **kwargs)
    assert quiz is None
    found = [(p.line, p.message) for p in problems if p.severity == "error"]
    assert any(p_line == line and message in text for p_line, text in found), found


def test_localized_heading_is_read(parse_ok):
    quiz = parse_ok(
        "## {#a type=single localized=true}\nT\n- [x] a) x\n- [ ] b) y\n\n## {#b type=truefalse}\nT\n- [x] true)\n- [ ] false)\n"
    )
    assert [q.localized for q in quiz.questions] == [True, False]


def test_single_choice_with_several_correct_options_is_a_warning(parse):
    """Moodle's single choice with several right answers (GIFT `{=a =b ~c}`): any one gives full points."""
    quiz, problems = parse("## {#a type=single}\nT\n- [x] a) x\n- [x] b) y\n- [ ] c) z\n")
    assert quiz is not None and [o.correct for o in quiz.questions[0].options] == [True, True, False]
    assert [(p.line, p.severity) for p in problems] == [(4, "warning")]
    assert "choosing any one of them gives full points" in problems[0].message


MARKS = Path(__file__).parents[1] / "data" / "quizzes" / "marks.zh.md"


def test_full_width_marks_are_read_and_misplaced_options_reported_on_their_lines():
    """Chinese input methods type ［x］ and a）; a tab before an option, or (x), made it question text."""
    quiz, problems = parse_quiz(MARKS.read_bytes(), str(MARKS), skip_bad=True)
    assert [
        (p.line, p.message) for p in problems if p.severity == "error" and "left out" not in p.message
    ] == [
        (
            16,
            "this option is indented (by a tab): options start at the beginning of the line, like '- [x] a) text'",
        ),
        (22, "mark options with [x] (correct) or [ ] (wrong), not (x)"),
    ]
    assert [q.id for q in quiz.questions] == ["ip-office"]
    assert [(o.id, o.text_md, o.correct, o.line) for o in quiz.questions[0].options] == [
        ("a", "国家市场监督管理总局", False, 8),
        ("b", "国家知识产权局", True, 9),
        ("c", "商务部", False, 10),
    ]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("## {#a type=single}\nT\n - [x] a) x\n- [ ] b) y\n", 6, "this option is indented (by spaces)"),
        ("## {#a type=single}\nT\n- [x] a) x\n  - [ ] b) y\n- [ ] c) z\n", 7, "this option is indented"),
        ("## {#a type=single}\nT\n- [ ] a) x\n- （x） b) y\n", 7, "not (x)"),
        ("## {#a type=single}\nT\n- ( ) a) x\n- [x] b) y\n", 6, "not ( )"),
    ],
)
def test_misplaced_options(parse, body, line, message):
    assert_error(parse, body, line, message)


def test_a_list_in_the_question_text_is_not_an_option(parse_ok):
    quiz = parse_ok(
        "## {#a type=single}\nT\n\n- (Fall 1) Anmeldung\n  - eingerückt\n\n- [x] a) x\n- [ ] b) y\n"
    )
    assert quiz.questions[0].text_md == "T\n\n- (Fall 1) Anmeldung\n  - eingerückt"
