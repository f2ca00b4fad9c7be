"""Reading course files: encodings, sizes and front matter, each problem with its line."""

from pathlib import Path

import pytest

from app.content.files import read_bytes, read_text
from app.content.frontmatter import split_front_matter
from app.content.revision import content_hash, source_rev


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert read_text(path) == ("a\nb\nc\n", [])


@pytest.mark.parametrize(
    ("data", "line", "detail"),
    [
        ("Grüße".encode("utf-16"), 1, "UTF-16"),
        ("title\nGrüße".encode("utf-16-le"), 1, "UTF-16"),
        (b"ok\r\nok\nGr\xfc\xdfe\n", 3, "byte 0xfc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 3, "NUL bytes"),
        ("x".encode("utf-32"), 1, "UTF-32"),
        ("title: 商标\n中国商标法".encode("gbk"), 1, "it is Chinese GB18030 (GBK); save it as UTF-8"),
    ],
)
def test_not_utf8_is_reported_with_line(tmp_path: Path, data: bytes, line: int, detail: str) -> None:
    path = tmp_path / "m.md"
    path.write_bytes(data)
    text, problems = read_text(path)
    assert text is None
    assert [p.line for p in problems] == [line]
    assert (
        str(problems[0]).startswith(f"{path}:{line}: file is not UTF-8 (") and detail in problems[0].message
    )


def test_too_large_missing_and_directory(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 101)
    assert "too large" in read_bytes(big, limit=100)[1][0].message
    assert "cannot read file" in read_text(tmp_path / "nope.md")[1][0].message
    assert "not a regular file" in read_text(tmp_path)[1][0].message


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "module.de.md"
    import os

    os.mkfifo(fifo)
    assert "not a regular file" in read_text(fifo)[1][0].message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_bytes(b"")
    assert read_text(path) == ("", [])


def test_front_matter_split_and_key_lines() -> None:
    meta, body, start, problems = split_front_matter(
        "---\ntitle: T\n\nduration_minutes: 5\n---\n# Body\n", "m.md"
    )
    assert (dict(meta), body, start, problems) == ({"title": "T", "duration_minutes": 5}, "# Body\n", 6, [])
    assert meta.line_of("duration_minutes") == 4


def test_no_front_matter() -> None:
    meta, body, start, problems = split_front_matter("# Just text\n", "m.md")
    assert (meta, body, start, problems) == ({}, "# Just text\n", 1, [])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: T\n", 1, "front matter is not closed"),
        ("---\ntitle: T\nx: [1, 2\n---\nbody", 3, "invalid YAML"),
        ("---\ntitle: T\n\tduration: 3\n---\n", 3, "invalid YAML"),
        ("---\n- a\n- b\n---\n", 2, "front matter must be 'key: value' lines"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key 'title' (first on line 2)"),
        ("---\ntitle: &t x\nother: *t\n---\n", 3, "aliases (*name) are not supported"),
        ("---\nx: !!python/object:os.system ls\n---\n", 2, "invalid YAML"),
        ("---\nx: " + "[" * 5000 + "\n---\n", 2, "invalid YAML"),
        ("---\nx: \x01\n---\n", 2, "invalid YAML"),
    ],
)
def test_front_matter_problems_have_lines(text: str, line: int, message: str) -> None:
    problems = split_front_matter(text, "m.md")[3]
    assert [(p.line, message in p.message) for p in problems] == [(line, True)], problems


def test_source_rev_ignores_bom_and_line_endings() -> None:
    rev = source_rev(b"a\nb\n")
    assert len(rev) == 12 and int(rev, 16) >= 0
    assert source_rev(b"\xef\xbb\xbfa\r\nb\r\n") == rev == source_rev(b"a\rb\r")
    assert source_rev(b"a\nb") != rev


def test_content_hash_separates_parts() -> None:
    assert content_hash("ab", "c") != content_hash("a", "bc")
    assert content_hash("x", b"y") == content_hash(b"x", "y")
