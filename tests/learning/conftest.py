"""Fixtures for taking courses: the sample course imported, and quiz forms filled in right or wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.content.quiz.tokens import AttemptTokens
from app.courses.importer import import_course, load_for_import
from app.extensions import db
from app.quizzes.models import QuizAttempt

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-course" / "sample"


def import_folder(app, folder: Path) -> None:
    with app.app_context():
        courses, problems, assets = load_for_import(folder)
        assert courses, [str(p) for p in problems]
        for loaded in courses:
            import_course(loaded, assets)
        db.session.commit()


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def sample(app, sample_dir) -> Path:
    """The sample course, imported; returns its folder (a copy the test may change and re-import)."""
    import_folder(app, sample_dir)
    return sample_dir


def answers(quiz: dict[str, Any], layout: dict[str, list[str]], right: bool = True) -> dict[str, Any]:
    """Form fields answering every question of ``quiz`` (stored data) right, or wrong."""
    form: dict[str, Any] = {}
    for q in quiz["questions"]:
        qid, kind = q["id"], q["type"]
        if kind in ("single", "truefalse"):
            options = [o["id"] for o in q["options"] if o["correct"] == right]
            form[f"q-{qid}"] = options[0]
        elif kind == "multiple":
            form[f"q-{qid}"] = [o["id"] for o in q["options"] if o["correct"] == right]
        elif kind == "text":
            form[f"q-{qid}"] = q["text_answers"][0]["text"] if right else "völlig falsch"
        elif kind == "numeric":
            a = q["numeric_answers"][0]
            value = a["low"] if a["kind"] == "range" else a["value"]
            form[f"q-{qid}"] = str(value).replace(".", ",") if right else "-123456"
        elif kind == "matching":
            real = [p for p in q["pairs"] if p["left_md"]]
            for i, pair in enumerate(real):
                chosen = pair["id"] if right else real[(i + 1) % len(real)]["id"]
                form[f"q-{qid}-{pair['id']}"] = chosen
        elif kind == "ordering":
            order = q["order"] if right else list(reversed(q["order"]))
            for position, item in enumerate(order, start=1):
                form[f"q-{qid}-{item}"] = str(position)
    return form


class QuizTaker:
    """Drives the quiz pages of one course module as a signed-in participant would."""

    def __init__(self, app, client) -> None:  # type: ignore[no-untyped-def]
        self.app, self.client = app, client

    def open(self, course: str = "sample", module: str = "basics"):  # type: ignore[no-untyped-def]
        page = self.client.get(f"/courses/{course}/{module}/quiz")
        assert page.status_code == 200, page.status_code
        attempt_id = int(re.search(r'name="attempt" value="(\d+)"', page.get_data(as_text=True)).group(1))
        with self.app.app_context():
            attempt = db.session.get(QuizAttempt, attempt_id)
            text = next(t for t in attempt.quiz_revision.texts if t.lang == attempt.lang)
            return attempt_id, text.data, attempt.layout

    def form(self, attempt_id: int, quiz: dict[str, Any], layout, right: bool = True) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        """The answers as the quiz page would send them (matching and ordering disguised per attempt)."""
        tokens = AttemptTokens(self.app.config["SECRET_KEY"], attempt_id)
        return {"attempt": str(attempt_id), **tokens.encode_form(quiz, answers(quiz, layout, right))}

    def take(self, right: bool = True, course: str = "sample", module: str = "basics"):  # type: ignore[no-untyped-def]
        attempt_id, quiz, layout = self.open(course, module)
        data = self.form(attempt_id, quiz, layout, right)
        response = self.client.post(f"/courses/{course}/{module}/quiz", data=data)
        return attempt_id, response


@pytest.fixture
def taker(app, client) -> QuizTaker:
    return QuizTaker(app, client)
