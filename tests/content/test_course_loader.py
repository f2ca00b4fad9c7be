"""Loading a course folder: what the import gets, and what is reported instead when files are wrong."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app.content.course.loader import load_course, load_courses
from app.content.revision import source_rev
from tests.content.course_files import image_bytes

QUIZ_DE = "---\ntitle: Quiz\n---\n\n## {#q1 type=single}\nFrage?\n\n- [x] a) Ja\n- [ ] b) Nein\n"
QUIZ_EN = "---\ntitle: Quiz\nsource_rev: {rev}\n---\n\n## {{#q1 type=single}}\nQuestion?\n\n- [x] a) Yes\n- [ ] b) No\n"

MakeCourse = Callable[..., Path]


def messages(folder: Path, **kwargs: object) -> list[str]:
    """The problems of the course as printed, with the course folder left out of the paths."""
    return [str(p).removeprefix(f"{folder}/") for p in load_course(folder, **kwargs)[1]]  # type: ignore[arg-type]


def test_valid_course_loads(make_course: MakeCourse) -> None:
    folder = make_course()
    course, problems = load_course(folder, image_url=lambda slug, path: f"/c/{slug}/{path}")
    assert problems == []
    assert course is not None
    assert [m.slug for m in course.modules] == ["basics", "advanced"]
    basics = course.modules[0]
    assert basics.texts["de"].title == "Grundlagen" and basics.texts["en"].title == "Basics"
    assert basics.texts["en"].duration_minutes == 20  # taken from the source
    assert not basics.texts["en"].stale
    assert '<img src="/c/demo/images/map.png" alt="Karte">' in basics.texts["de"].html
    assert '<aside class="callout callout-note" role="note">' in basics.texts["de"].html
    assert basics.quizzes == {"de": None, "en": None}
    assert list(course.images) == ["images/map.png"]


def test_content_hash_changes_only_with_content(make_course: MakeCourse) -> None:
    folder = make_course()
    first = load_course(folder)[0]
    assert first is not None and first.content_hash == load_course(folder)[0].content_hash  # type: ignore[union-attr]
    (folder / "images/map.png").write_bytes(image_bytes(size=(9, 6)))
    changed = load_course(folder)[0]
    assert changed is not None and changed.content_hash != first.content_hash
    assert changed.modules[0].content_hash == first.modules[0].content_hash


def test_missing_module_folder(make_course: MakeCourse) -> None:
    folder = make_course({"advanced/module.de.md": None, "advanced/module.en.md": None})
    assert "course.yaml:11: module 'advanced' has no folder advanced/" in messages(folder)
    assert load_course(folder)[0] is None


def test_missing_source_file(make_course: MakeCourse) -> None:
    folder = make_course({"advanced/module.de.md": None})
    assert "advanced/module.de.md:1: missing file in the source language 'de'" in messages(folder)


def test_missing_translation_is_a_warning(make_course: MakeCourse) -> None:
    folder = make_course({"advanced/module.en.md": None})
    course, problems = load_course(folder)
    assert [str(p).removeprefix(f"{folder}/") for p in problems] == [
        "advanced/module.en.md:1: warning: missing translation 'en'"
    ]
    assert course is not None and set(course.modules[1].texts) == {"de"}


def test_stale_translation(make_course: MakeCourse) -> None:
    folder = make_course()
    old = source_rev((folder / "basics/module.de.md").read_bytes())
    (folder / "basics/module.de.md").write_text((folder / "basics/module.de.md").read_text() + "\nMore.\n")
    new = source_rev((folder / "basics/module.de.md").read_bytes())
    assert messages(folder) == [
        f"basics/module.en.md:3: warning: stale translation: source_rev is {old}, source is now {new} "
        "(review the translation, then update source_rev)"
    ]
    course = load_course(folder)[0]
    assert course is not None and course.modules[0].texts["en"].stale


def test_crlf_and_bom_do_not_make_translations_stale(make_course: MakeCourse) -> None:
    folder = make_course()
    path = folder / "basics/module.de.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert messages(folder) == []


def test_translation_without_source_rev(make_course: MakeCourse) -> None:
    folder = make_course({"advanced/module.en.md": "---\ntitle: Advanced\n---\n\nText.\n"})
    rev = source_rev((folder / "advanced/module.de.md").read_bytes())
    assert messages(folder) == [
        f"advanced/module.en.md:2: source_rev is missing: add 'source_rev: {rev}' once the translation "
        "matches the source"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "../advanced/module.de.md",
            "../advanced/modul.de.md",
            "basics/module.de.md:11: broken link: '../advanced/modul.de.md' does not exist "
            "(looked for advanced/modul.de.md)",
        ),
        (
            "../advanced/module.de.md",
            "../../../etc/passwd",
            "basics/module.de.md:11: link '../../../etc/passwd' leaves the course folder",
        ),
        (
            "../images/map.png",
            "../images/karte.png",
            "basics/module.de.md:9: image not found: '../images/karte.png' (looked for images/karte.png)",
        ),
        (
            "../images/map.png",
            "../../etc/passwd",
            "basics/module.de.md:9: image path '../../etc/passwd' leaves the course folder",
        ),
        (
            "../images/map.png",
            "https://tracker.example/map.png",
            "basics/module.de.md:9: image 'https://tracker.example/map.png' is not a file of the course folder "
            "(pages make no requests to other sites)",
        ),
        ("../images/map.png", "../course.yaml", "basics/module.de.md:9: '../course.yaml' is not a PNG"),
        (":::note", ":::danger", "basics/module.de.md:13: warning: unknown block (use :::note, :::tip"),
    ],
)
def test_link_and_image_problems_on_their_line(
    make_course: MakeCourse, old: str, new: str, expected: str
) -> None:
    folder = make_course()
    path = folder / "basics/module.de.md"
    path.write_text(path.read_text().replace(old, new))
    found = messages(folder)
    assert any(message.startswith(expected) for message in found), found


def test_links_within_the_course_are_fine(make_course: MakeCourse) -> None:
    folder = make_course()
    path = folder / "advanced/module.de.md"
    path.write_text(
        path.read_text() + "\n[a](../basics/) [b](#top) [c](https://x.example) [d](mailto:a@b.de)\n"
    )
    assert [m for m in messages(folder) if "advanced/module.de.md" in m] == []


def test_symlinked_image_outside_the_course(make_course: MakeCourse, tmp_path: Path) -> None:
    folder = make_course()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    (folder / "images/map.png").unlink()
    os.symlink(secret, folder / "images/map.png")
    assert (
        "basics/module.de.md:9: image '../images/map.png' is a link to a file outside the course folder"
        in (messages(folder))
    )


def test_stray_files_are_warnings(make_course: MakeCourse) -> None:
    folder = make_course({
        "notes.txt": "x",
        "old/module.de.md": "x",
        "basics/module.fr.md": "x",
        "basics/quiz.de.md.bak": "x",
        "images/unused.png": b"x",
        "images/readme.txt": "x",
        ".git/config": "x",
    })  # fmt: skip
    assert messages(folder) == [
        "basics/module.fr.md:1: warning: language 'fr' is not in the course's languages (de, en)",
        "basics/quiz.de.md.bak:1: warning: file does not belong to the module "
        "(expected module.<lang>.md or quiz.<lang>.md)",
        "images/readme.txt:1: warning: not a PNG, JPEG, GIF or WebP image",
        "images/unused.png:1: warning: image is not used by any module",
        "notes.txt:1: warning: file does not belong to any module",
        "old:1: warning: folder 'old' is not a module listed in course.yaml",
    ]
    assert load_course(folder)[0] is not None


def quiz_files(**changes: str | None) -> dict[str, str | None]:
    files: dict[str, str | None] = {
        "basics/quiz.de.md": QUIZ_DE,
        "basics/quiz.en.md": QUIZ_EN.format(rev=source_rev(QUIZ_DE.encode())),
    }
    files.update(changes)
    return files


def test_quizzes_load_per_language(make_course: MakeCourse) -> None:
    course, problems = load_course(make_course(quiz_files()))
    assert problems == []
    assert course is not None
    quizzes = course.modules[0].quizzes
    assert quizzes["de"] is not None and quizzes["en"] is not None
    assert quizzes["en"].questions[0].options[0].text_md == "Yes"
    assert course.modules[1].quizzes == {"de": None, "en": None}


def test_quiz_translation_without_source_quiz(make_course: MakeCourse) -> None:
    folder = make_course(quiz_files(**{"basics/quiz.de.md": None}))
    assert messages(folder) == [
        "basics/quiz.en.md:1: translation of a quiz that does not exist in the source language (no quiz.de.md)"
    ]


def test_missing_quiz_translation(make_course: MakeCourse) -> None:
    folder = make_course(quiz_files(**{"basics/quiz.en.md": None}))
    assert messages(folder) == ["basics/quiz.en.md:1: warning: missing translation 'en'"]


def test_stale_quiz_translation(make_course: MakeCourse) -> None:
    changed = QUIZ_DE.replace("Frage?", "Neue Frage?")
    folder = make_course(quiz_files(**{"basics/quiz.de.md": changed}))
    old, new = source_rev(QUIZ_DE.encode()), source_rev(changed.encode())
    assert messages(folder) == [
        f"basics/quiz.en.md:3: warning: stale translation: source_rev is {old}, source is now {new} "
        "(review the translation, then update source_rev)"
    ]
    course = load_course(folder)[0]
    assert course is not None and course.modules[0].stale_quizzes == {"en"}


def test_quiz_translation_structure_is_compared(make_course: MakeCourse) -> None:
    wrong = QUIZ_EN.format(rev=source_rev(QUIZ_DE.encode())).replace(
        "- [x] a) Yes\n- [ ] b) No", "- [ ] a) Yes\n- [x] b) No"
    )
    found = messages(make_course(quiz_files(**{"basics/quiz.en.md": wrong})))
    assert found and all(message.startswith("basics/quiz.en.md:") for message in found), found


def test_quiz_problems_are_reported(make_course: MakeCourse) -> None:
    folder = make_course(quiz_files(**{"basics/quiz.de.md": QUIZ_DE.replace("type=single", "type=essay")}))
    assert any(message.startswith("basics/quiz.de.md:5:") for message in messages(folder))
    assert load_course(folder)[0] is None


def test_load_courses_from_a_folder_of_courses(make_course: MakeCourse, tmp_path: Path) -> None:
    make_course()
    (tmp_path / "not-a-course").mkdir()
    courses, problems = load_courses(tmp_path)
    assert [course.spec.slug for course in courses] == ["demo"]
    assert [str(p) for p in problems] == [
        f"{tmp_path}/not-a-course:1: warning: folder has no course.yaml: not a course"
    ]
    assert [course.spec.slug for course in load_courses(tmp_path / "demo")[0]] == ["demo"]


def test_quiz_images_are_checked_and_count_as_used(make_course: MakeCourse) -> None:
    quiz = QUIZ_DE.replace("Frage?", "Frage?\n\n![Karte](../images/map.png) ![Fehlt](../images/gone.png)")
    folder = make_course(quiz_files(**{"basics/quiz.de.md": quiz, "images/extra.png": None}))
    found = messages(folder)
    assert any(m.startswith("basics/quiz.de.md:8: image not found: '../images/gone.png'") for m in found), (
        found
    )
