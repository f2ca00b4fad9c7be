"""Writing quizzes back as Markdown: parse(write(q)) == q."""

from pathlib import Path

from app.content.quiz.model import MatchPair, NumericAnswer, Option, Question, Quiz, TextAnswer
from app.content.quiz.parser import parse_quiz
from app.content.quiz.writer import quiz_to_markdown

ROOT = Path(__file__).parents[2]


def round_trip(quiz):
    again, problems = parse_quiz(quiz_to_markdown(quiz), quiz.path)
    assert [p for p in problems if p.severity == "error"] == [], [str(p) for p in problems]
    return again


def test_round_trip_of_the_sample_quizzes():
    for path in sorted((ROOT / "tests" / "data" / "sample-course").rglob("quiz.*.md")):
        quiz, problems = parse_quiz(path.read_bytes(), str(path))
        assert problems == []
        assert round_trip(quiz) == quiz


def test_round_trip_of_the_course_quizzes():
    for path in sorted((ROOT / "courses").rglob("quiz.*.md")):
        quiz, _ = parse_quiz(path.read_bytes(), str(path))
        if quiz is not None:
            assert round_trip(quiz) == quiz, path


def test_written_form_is_canonical():
    quiz = Quiz(
        title="T: with colon",
        lang="de",
        shuffle=True,
        pass_mark=80.0,
        source_rev="012345678901",
        path="x/quiz.de.md",
        questions=(
            Question(
                "s",
                "single",
                points=1.5,
                shuffle=False,
                text_md="Q",
                options=(
                    Option("a", "A\n```\ncode\n```", True, "Yes.\n\nReally."),
                    Option("b", "B", pinned=True),
                ),
            ),
            Question("t", "text", text_md="Q", text_answers=(TextAnswer("x", 0.5, "fb"),)),
            Question(
                "m",
                "matching",
                scoring="partial",
                text_md="Q",
                match_headers=("L", "R|S"),
                pairs=(
                    MatchPair("a", "1", "one | eins"),
                    MatchPair("b", "2", "two"),
                    MatchPair("x", "", "none"),
                ),
            ),
        ),
    )
    text = quiz_to_markdown(quiz)
    assert text.startswith("---\ntitle: 'T: with colon'\nshuffle: true\npass_mark: 80\nsource_rev: ")
    assert (
        "## {#s type=single points=1.5 shuffle=false}\nQ\n\n- [x] a) A\n  ```\n  code\n  ```\n  > Yes.\n  >\n  > Really.\n- [ ] b) B {pin}"
        in text
    )
    assert "= x {score=0.5}\n  > fb" in text
    assert "| id | L | R\\|S |\n|----|----|----|\n| a | 1 | one \\| eins |" in text
    assert round_trip(quiz) == quiz


def test_lang_is_written_only_when_the_file_name_does_not_tell():
    quiz = Quiz(
        title="T",
        lang="zh",
        questions=(
            Question(
                "n",
                "numeric",
                text_md="Q",
                numeric_answers=(
                    NumericAnswer("exact", value=1e-7),
                    NumericAnswer("rel", value=-2.5, tol=10.0, score=0.25),
                    NumericAnswer("range", low=-1.0, high=1e20),
                    NumericAnswer("abs", value=3.0, tol=0.0),
                ),
            ),
        ),
    )
    text = quiz_to_markdown(quiz)
    assert "lang: zh" in text
    assert "= 1e-07\n= -2.5 +- 10% {score=0.25}\n= [-1, 1e+20]\n= 3 +- 0" in text
    assert round_trip(quiz) == quiz
    assert "lang:" not in quiz_to_markdown(Quiz(title="T", lang="zh", path="quiz.zh.md"))


def test_option_starting_with_a_fence_is_written_on_its_own_line():
    quiz = Quiz(
        title="T",
        questions=(
            Question(
                "o",
                "ordering",
                text_md="Q",
                order=("a", "b"),
                options=(
                    Option("a", "```\nx\n```"),
                    Option("b", "B"),
                ),
            ),
        ),
    )
    assert round_trip(quiz) == quiz
