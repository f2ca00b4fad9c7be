"""Course images in the checker: the course picture of course.yaml and the images of module Markdown must be
files of the course folder that really are PNG, JPEG, GIF or WebP pictures of a sane size, each with an alt
text in every language; every problem is reported as `file:line: message`."""

from collections.abc import Callable
from pathlib import Path

import pytest

from app.content.course.checker import check_path
from app.content.course.loader import load_course
from app.content.images import MAX_SIDE
from tests.content.course_files import COURSE_YAML, MODULE_DE, image_bytes

MakeCourse = Callable[..., Path]
#: course.yaml has 16 lines; the image block starts on line 17, `file:` is line 18, `alt:` line 19.
IMAGE_BLOCK = """\
image:
  file: images/card.png
  alt:
    de: Zwei Sprechblasen
    en: Two speech bubbles
"""


def messages(folder: Path) -> list[str]:
    return [str(problem).replace(f"{folder}/", "") for problem in check_path(folder)]


def test_course_picture_with_alt_per_language_loads(make_course: MakeCourse) -> None:
    folder = make_course({"course.yaml": COURSE_YAML + IMAGE_BLOCK, "images/card.png": image_bytes()})
    course, problems = load_course(folder)
    assert problems == [] and course is not None
    assert course.card_image == "images/card.png"
    assert set(course.images) == {"images/card.png", "images/map.png"}
    assert course.spec.image is not None
    assert course.spec.image.alt == {"de": "Zwei Sprechblasen", "en": "Two speech bubbles"}


def test_missing_picture_file(make_course: MakeCourse) -> None:
    folder = make_course({"course.yaml": COURSE_YAML + IMAGE_BLOCK})
    assert messages(folder) == [
        "course.yaml:18: image not found: 'images/card.png' (looked for images/card.png)"
    ]


def test_missing_alt_in_a_language(make_course: MakeCourse) -> None:
    block = IMAGE_BLOCK.replace("    en: Two speech bubbles\n", "")
    folder = make_course({"course.yaml": COURSE_YAML + block, "images/card.png": image_bytes()})
    assert messages(folder) == ["course.yaml:19: image.alt is missing the 'en' text"]
    no_alt = "image:\n  file: images/card.png\n"
    folder = make_course({"course.yaml": COURSE_YAML + no_alt, "images/card.png": image_bytes()})
    assert messages(folder) == [
        "course.yaml:18: image.alt is required, with a text for each language (de, en)"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("card.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "'images/card.svg' is not a PNG, JPEG, GIF or WebP image"),
        ("card.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "image 'images/card.png': not a PNG, JPEG, GIF or WebP image (or a damaged one)"),
        ("card.png", image_bytes()[:40],
         "image 'images/card.png': not a PNG, JPEG, GIF or WebP image (or a damaged one)"),
        ("card.png", image_bytes("JPEG"),
         "image 'images/card.png': the file is a JPEG image, but its name ends otherwise: rename it to .jpg"),
        ("card.png", image_bytes(size=(MAX_SIDE + 1, 2)),
         f"image 'images/card.png': image is {MAX_SIDE + 1}×2 pixels: at most {MAX_SIDE} a side (make it smaller)"),
    ],
)  # fmt: skip
def test_a_bad_picture_is_reported_where_it_is_named(
    make_course: MakeCourse, name: str, content: bytes, message: str
) -> None:
    block = IMAGE_BLOCK.replace("card.png", name)
    folder = make_course({"course.yaml": COURSE_YAML + block, f"images/{name}": content})
    assert f"course.yaml:18: {message}" in messages(folder)
    assert load_course(folder)[0] is None  # never imported


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_each_accepted_type_passes(make_course: MakeCourse, kind: str) -> None:
    name = "card." + {"JPEG": "jpg"}.get(kind, kind.lower())
    block = IMAGE_BLOCK.replace("card.png", name)
    folder = make_course({"course.yaml": COURSE_YAML + block, f"images/{name}": image_bytes(kind)})
    assert messages(folder) == []


def test_module_image_without_alt_text_or_of_the_wrong_type(make_course: MakeCourse) -> None:
    module = MODULE_DE.replace(
        "![Karte](../images/map.png)", "![](../images/map.png)\n\n![Plan](../images/plan.png)"
    )
    folder = make_course({"basics/module.de.md": module, "images/plan.png": image_bytes("GIF")})
    found = messages(folder)
    assert "basics/module.de.md:9: image '../images/map.png' has no alt text: say what it shows, " in found[0]
    assert found[1] == (
        "basics/module.de.md:11: image '../images/plan.png': the file is a GIF image, but its name ends "
        "otherwise: rename it to .gif"
    )


def test_remote_images_are_refused_by_the_checker(make_course: MakeCourse) -> None:
    module = MODULE_DE.replace("../images/map.png", "https://tracker.example/pixel.png")
    folder = make_course({"basics/module.de.md": module})
    assert (
        "basics/module.de.md:9: image 'https://tracker.example/pixel.png' is not a file of the course folder "
        "(pages make no requests to other sites)"
    ) in messages(folder)
    assert load_course(folder)[0] is None


def test_cli_prints_file_and_line(runner, make_course: MakeCourse) -> None:
    block = IMAGE_BLOCK.replace("    en: Two speech bubbles\n", "")
    folder = make_course({"course.yaml": COURSE_YAML + block, "images/card.png": b"GIF89a not really"})
    result = runner.invoke(args=["courses", "check", str(folder)])
    assert result.exit_code != 0
    assert f"{folder}/course.yaml:18: image 'images/card.png': not a PNG, JPEG" in result.output
    assert f"{folder}/course.yaml:19: image.alt is missing the 'en' text" in result.output
