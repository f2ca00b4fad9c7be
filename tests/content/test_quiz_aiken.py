"""Moodle Aiken import: lettered single-choice questions with an ANSWER: line."""

from pathlib import Path

from app.content.quiz.aiken import aiken_to_quiz
from app.content.quiz.parser import parse_quiz
from app.content.quiz.writer import quiz_to_markdown

DATA = Path(__file__).parents[1] / "data" / "quizzes"


def test_valid_aiken_file():
    path = DATA / "aiken-valid.txt"
    quiz, problems = aiken_to_quiz(path.read_bytes(), str(path))
    assert problems == [] and quiz is not None
    assert quiz.title == "aiken-valid"
    assert [(q.id, q.type, q.line) for q in quiz.questions] == [
        ("q1", "single", 1),
        ("q2", "single", 8),
        ("q3", "single", 14),
    ]
    first = quiz.questions[0]
    assert first.text_md == "Welche Behörde registriert Marken in China?"
    assert [(o.id, o.text_md, o.correct, o.line) for o in first.options] == [
        ("a", "SAMR", False, 2),
        ("b", "CNIPA", True, 3),
        ("c", "MOFCOM", False, 4),
        ("d", "DPMA", False, 5),
    ]
    assert [o.correct for o in quiz.questions[1].options] == [False, False, True]  # "A." style
    again, problems = parse_quiz(quiz_to_markdown(quiz), quiz.path)
    assert problems == [] and again == quiz


def test_broken_aiken_file_reports_lines():
    path = DATA / "aiken-broken.txt"
    quiz, problems = aiken_to_quiz(path.read_text(encoding="utf-8"), str(path))
    assert quiz is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "an option comes before any question text"),
        (5, "ANSWER: must name one of the option letters A, B, not 'E'"),
        (7, "this question has no ANSWER: line after its options"),
        (11, "question 'q1' needs at least two options"),
    ]


def test_plain_text_is_escaped_for_markdown_and_multiline_questions_are_kept():
    quiz, problems = aiken_to_quiz("What is 2*3?\n= think\nA) 5\nB) 6\nANSWER: b\n", "x.txt")
    assert problems == []
    assert quiz.questions[0].text_md == "What is 2\\*3?\n\\= think"
    assert quiz.questions[0].options[1].correct


def test_answer_line_without_question_and_empty_file():
    _, problems = aiken_to_quiz("ANSWER: A\n", "x.txt")
    assert [(p.line, p.message) for p in problems] == [
        (1, "ANSWER: without a question and its options before it")
    ]
    _, problems = aiken_to_quiz("", "x.txt")
    assert [(p.line, p.message) for p in problems] == [(1, "the file holds no questions")]


def test_options_without_a_space_after_the_letter_as_moodle_reads_them():
    quiz, problems = aiken_to_quiz("Welches Prinzip?\nA)Erstbenutzung\nB.Erstanmeldung\nANSWER: B\n", "x.txt")
    assert problems == []
    assert [(o.id, o.text_md, o.correct, o.line) for o in quiz.questions[0].options] == [
        ("a", "Erstbenutzung", False, 2),
        ("b", "Erstanmeldung", True, 3),
    ]


def test_a_letter_and_a_dot_in_the_question_text_is_not_an_option():
    """Without a space, only the next letter (A, then B, …) starts an option, so "U.S." stays text."""
    quiz, problems = aiken_to_quiz("Gilt das\nU.S. Recht?\nA)Ja\nB)Nein\nC.D. nicht\nANSWER: A\n", "x.txt")
    assert problems == []
    q = quiz.questions[0]
    assert q.text_md == "Gilt das\nU.S. Recht?"
    assert [o.text_md for o in q.options] == ["Ja", "Nein", "D. nicht"]


def test_error_recovery_fixture_reports_each_bad_question_on_its_line():
    path = DATA / "aiken-recovery.txt"
    quiz, problems = aiken_to_quiz(path.read_bytes(), str(path))
    assert quiz is None  # all or nothing by default
    assert [(p.line, p.message) for p in problems] == [
        (1, "question 'q1' needs at least two options"),
        (5, "an option comes before any question text"),
        (7, "ANSWER: without a question and its options before it"),
        (14, "this question has no ANSWER: line after its options"),
    ]


def test_chinese_gbk_file_is_read_with_a_warning_naming_the_encoding():
    path = DATA / "aiken-gbk.txt"
    quiz, problems = aiken_to_quiz(path.read_bytes(), str(path))
    assert quiz is not None
    assert [(p.line, p.severity) for p in problems] == [(1, "warning")]
    assert "GB18030 (GBK)" in problems[0].message and "save the file as UTF-8" in problems[0].message
    assert quiz.questions[0].text_md == "哪个机构负责在中国注册商标？"
    assert [o.text_md for o in quiz.questions[1].options] == ["使用在先", "申请在先"]
