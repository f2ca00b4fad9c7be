"""Helpers for the quiz engine tests: build quiz files from a few lines of Markdown."""

from collections.abc import Callable

import pytest

from app.content.problems import Problem
from app.content.quiz.model import Quiz
from app.content.quiz.parser import parse_quiz

FRONT = "---\ntitle: Test quiz\n---\n"


@pytest.fixture
def parse() -> Callable[..., tuple[Quiz | None, list[Problem]]]:
    """Parse a quiz body (the front matter `title: Test quiz` is added; its three lines come first)."""

    def parse_body(
        body: str, front: str = FRONT, path: str = "quiz.de.md"
    ) -> tuple[Quiz | None, list[Problem]]:
        return parse_quiz(front + body, path)

    return parse_body


@pytest.fixture
def parse_ok(parse: Callable[..., tuple[Quiz | None, list[Problem]]]) -> Callable[..., Quiz]:
    """Parse a quiz body that must be free of errors and warnings."""

    def parse_clean(body: str, **kwargs: str) -> Quiz:
        quiz, problems = parse(body, **kwargs)
        assert problems == [], [str(problem) for problem in problems]
        assert quiz is not None
        return quiz

    return parse_clean
