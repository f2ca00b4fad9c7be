"""Builders for course folders on disk: a small valid course that each test breaks in one way."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.courses.course_files import (
    COURSE_YAML,
    valid_files,
    write_files,
)


@pytest.fixture
def course_yaml() -> str:
    """The course.yaml of the valid demo course (line 12 is `pass_mark: 70`)."""
    return COURSE_YAML


@pytest.fixture
def make_course(tmp_path: Path) -> Callable[..., Path]:
    """Build the valid demo course in tmp_path/demo, with some files replaced (None removes a file)."""

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        files = valid_files()
        for relative, content in (changes or {}).items():
            if content is None:
                files.pop(relative, None)
            else:
                files[relative] = content
        return write_files(tmp_path / "demo", files)

    return make
