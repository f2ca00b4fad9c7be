"""Builders for course folders on disk: a small valid course that each test breaks in one way."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from app.content.revision import source_rev

COURSE_YAML = """\
slug: demo
source_lang: de
languages: [de, en]
title:
  de: Demokurs
  en: Demo course
description:
  de: Ein kleiner Kurs.
  en: A small course.
current_as_of: 2026-11-01
modules: [basics, advanced]
pass_mark: 70
certificate:
  enabled: true
  trainers: ["Dr. Anna Beispiel"]
retake_wait_minutes: 30
"""

MODULE_DE = """\
---
title: Grundlagen
duration_minutes: 20
current_as_of: 2026-10-01
---

# Grundlagen

![Karte](../images/map.png)

Siehe auch [Fortgeschritten](../advanced/module.de.md).

:::note
Ein Hinweis.
:::
"""


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (8, 6)) -> bytes:
    """A real image file of ``kind`` (PNG, JPEG, GIF, WEBP): the checker decodes course images."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#1f6f9f").save(buffer, format=kind)
    return buffer.getvalue()


PNG = image_bytes()
CourseFiles = dict[str, str | bytes]


def translation(text: str, source: str, title: str) -> str:
    """A translation of module text `source` naming its current revision."""
    return f"---\ntitle: {title}\nsource_rev: {source_rev(source.encode())}\n---\n\n{text}\n"


def valid_files() -> CourseFiles:
    """The files of a course that checks clean: two modules in German (source) and English."""
    advanced_de = "---\ntitle: Fortgeschritten\nduration_minutes: 15\n---\n\nText.\n"
    return {
        "course.yaml": COURSE_YAML,
        "images/map.png": PNG,
        "basics/module.de.md": MODULE_DE,
        "basics/module.en.md": translation("# Basics\n\n![Map](../images/map.png)", MODULE_DE, "Basics"),
        "advanced/module.de.md": advanced_de,
        "advanced/module.en.md": translation("Text.", advanced_de, "Advanced"),
    }


def write_files(folder: Path, files: CourseFiles) -> Path:
    """Write `files` (relative path -> text or bytes) below `folder` and return `folder`."""
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


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
