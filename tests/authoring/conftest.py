"""Fixtures for the trainer editor: the sample course imported, users in each role, an editor driver."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.authoring.models import Draft
from app.courses.models import Course, CourseTrainer, Module, ModuleRevision, QuizRevision
from app.extensions import db
from tests.learning.conftest import SAMPLE, QuizTaker, import_folder

TRAINER = "trainer@example.org"
OTHER_TRAINER = "other-trainer@example.org"
ADMIN = "admin@example.org"
PARTICIPANT = "participant@example.org"


@pytest.fixture
def sample(app, tmp_path) -> Path:
    """The sample course (tests/data/sample-course), imported; returns a copy of its folder."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    import_folder(app, folder)
    return folder


@pytest.fixture
def taker(app, client) -> QuizTaker:
    return QuizTaker(app, client)


@pytest.fixture
def users(create_user) -> dict[str, int]:
    """One user per role; name -> id. Editors use the English UI (assertions need no catalogue), the
    participant reads German (the sample course's source language)."""
    return {
        "trainer": create_user(role=Role.TRAINER, email=TRAINER, name="Tina Trainer", locale="en").id,
        "other": create_user(role=Role.TRAINER, email=OTHER_TRAINER, name="Otto Other", locale="en").id,
        "admin": create_user(role=Role.ADMIN, email=ADMIN, name="Ada Admin", locale="en").id,
        "participant": create_user(email=PARTICIPANT, name="Paula Participant", locale="de").id,
    }


@pytest.fixture
def assigned(app, sample, users) -> int:
    """The trainer assigned to the sample course (the other trainer is not); returns the trainer's id."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=users["trainer"]))
        db.session.commit()
    return users["trainer"]


def file_url(kind: str = "quiz", lang: str = "de", module: str = "basics", course: str = "sample") -> str:
    return f"/trainer/courses/{course}/{module}/{kind}/{lang}"


def textarea(page: str) -> str:
    """The text in the editor's textarea, as a browser would show it."""
    found = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", page, re.S)
    assert found, "no textarea on the page"
    return html.unescape(found.group(1))


def visible_text(page: str) -> str:
    """The page's text without tags, with whitespace collapsed (to look for "line 7: …")."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


class Editor:
    """Drives the editor pages as a signed-in trainer would."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client

    def open(self, kind: str = "quiz", lang: str = "de"):  # type: ignore[no-untyped-def]
        return self.client.get(file_url(kind, lang))

    def source(self, kind: str = "quiz", lang: str = "de") -> str:
        page = self.open(kind, lang)
        assert page.status_code == 200, page.status_code
        return textarea(page.get_data(as_text=True))

    def send(self, action: str, text: str, kind: str = "quiz", lang: str = "de", **extra):  # type: ignore[no-untyped-def]
        data = {"source": text, action: action.title(), **extra}
        return self.client.post(file_url(kind, lang), data=data)


@pytest.fixture
def editor(client, auth, assigned) -> Editor:
    auth.login(TRAINER)
    return Editor(client)


def quiz_revisions(app, module: str = "basics") -> list[int]:
    with app.app_context():
        module_id = db.session.scalar(select(Module.id).where(Module.slug == module))
        return list(
            db.session.scalars(select(QuizRevision.number).where(QuizRevision.module_id == module_id))
        )


def module_revisions(app, module: str = "basics") -> list[int]:
    with app.app_context():
        module_id = db.session.scalar(select(Module.id).where(Module.slug == module))
        return list(
            db.session.scalars(select(ModuleRevision.number).where(ModuleRevision.module_id == module_id))
        )


def draft_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Draft.id)))


def read(folder: Path, name: str) -> str:
    """A file of the sample course's module as imported."""
    return (folder / "basics" / name).read_text(encoding="utf-8")
