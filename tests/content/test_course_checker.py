"""`check_path`: sorted problems for any path, and never an exception, whatever the files contain."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.content.course.checker import check_path

MakeCourse = Callable[..., Path]
REPO = Path(__file__).resolve().parents[2]
QUIZ = "---\ntitle: Quiz\n---\n\n## {#q1 type=single}\nFrage?\n\n- [x] a) Ja\n- [ ] b) Nein\n"
NASTY_CONTENTS = {
    "binary": bytes(range(256)) * 8,
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\xff" * 64,
    "latin-1": "---\ntitle: Grüße\n---\n\nÄrger mit Umlauten\n".encode("latin-1"),
    "utf-16": "---\ntitle: Grüße\n---\n".encode("utf-16"),
    "utf-16-no-bom": "---\ntitle: Grüße\n---\n".encode("utf-16-le"),
    "bom": b"\xef\xbb\xbf---\ntitle: T\nduration_minutes: 5\n---\n\nText\n",
    "empty": b"",
    "only-fence": b"---\n",
    "megabyte": (
        "---\ntitle: T\nduration_minutes: 5\n---\n\n" + "Ein Satz mit *Betonung* und [Link](y).\n\n" * 25_000
    ).encode(),
    "deep-nesting": (
        "---\ntitle: " + "[" * 20_000 + "\n---\n" + ">" * 20_000 + " x\n" + "- " * 5_000
    ).encode(),
    "many-options": (QUIZ + "".join(f"- [ ] o{i}) Option {i}\n" for i in range(10_000))).encode(),
    "yaml-bomb": b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]\n",
    "nul-in-yaml": b"slug: demo\x00\n",
    "control-chars": "---\ntitle: \x07\x1b[31m\n---\n\u2028\u202e\ufeff\n".encode(),
    "too-large": b"x" * (2 * 1024 * 1024 + 1),
}
TARGETS = [
    "course.yaml",
    "basics/module.de.md",
    "basics/module.en.md",
    "basics/quiz.de.md",
    "basics/quiz.en.md",
]


def assert_well_formed(problems: list) -> None:
    assert not [p for p in problems if "internal error" in p.message], problems
    assert all(isinstance(p.path, str) and isinstance(p.line, int) and p.line >= 1 for p in problems)
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.message))


def test_valid_course_checks_clean(make_course: MakeCourse, tmp_path: Path) -> None:
    folder = make_course()
    assert check_path(folder) == []
    (folder / "basics/quiz.de.md").write_text(QUIZ)
    assert [str(p) for p in check_path(tmp_path)] == [
        f"{folder}/basics/quiz.en.md:1: warning: missing translation 'en'"
    ]


def test_problems_are_sorted_by_path_and_line(make_course: MakeCourse) -> None:
    folder = make_course({"notes.txt": "x", "advanced/module.en.md": None})
    text = (folder / "basics/module.de.md").read_text()
    (folder / "basics/module.de.md").write_text(
        text.replace("map.png", "nope.png").replace("module.de.md)", "x.md)")
    )
    problems = check_path(folder)
    assert [(Path(p.path).relative_to(folder).as_posix(), p.line) for p in problems] == [
        ("advanced/module.en.md", 1),
        ("basics/module.de.md", 9),
        ("basics/module.de.md", 11),
        ("basics/module.en.md", 3),
        ("notes.txt", 1),
    ]


def test_single_file_in_a_course(make_course: MakeCourse) -> None:
    folder = make_course(
        {"basics/module.de.md": "---\ntitle: T\n---\n![x](gone.png)\n", "advanced/module.en.md": None}
    )
    found = [str(p) for p in check_path(folder / "basics/module.de.md")]
    assert found == [
        f"{folder}/basics/module.de.md:2: duration_minutes is required",
        f"{folder}/basics/module.de.md:4: image not found: 'gone.png' (looked for basics/gone.png)",
    ]
    assert check_path(folder / "course.yaml") == []


def test_loose_files(tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text("---\ntitle: T\nduration_minutes: 5\n---\n[x](missing.md)\n")
    (tmp_path / "quiz.de.md").write_text(QUIZ.replace("type=single", "type=essay"))
    (tmp_path / "other.yaml").write_text("slug: x\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    assert [p.line for p in check_path(tmp_path / "draft.md")] == [5]
    assert check_path(tmp_path / "quiz.de.md")[0].line == 5
    assert check_path(tmp_path / "other.yaml")
    assert "not a course file" in check_path(tmp_path / "picture.png")[0].message


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    assert "no such file or folder" in check_path(tmp_path / "nope")[0].message
    assert "no course here" in check_path(tmp_path)[0].message


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("kind", sorted(NASTY_CONTENTS))
def test_nasty_file_contents_are_reported_not_raised(make_course: MakeCourse, kind: str, target: str) -> None:
    folder = make_course({"basics/quiz.de.md": QUIZ, target: NASTY_CONTENTS[kind]})
    assert_well_formed(check_path(folder))
    if kind != "megabyte":  # checking one file loads its whole course again: slow for a megabyte
        assert_well_formed(check_path(folder / target))


def test_symlink_loops_and_odd_entries(make_course: MakeCourse) -> None:
    folder = make_course({"advanced/module.en.md": None})
    os.symlink("module.en.md", folder / "advanced/module.en.md")  # points at itself
    os.symlink("..", folder / "basics/up")
    os.symlink("loop-b", folder / "images/loop-a")
    os.symlink("loop-a", folder / "images/loop-b")
    os.symlink(folder, folder / "self")
    os.mkfifo(folder / "basics/quiz.de.md")
    os.mkdir(folder / "basics/module.en.md.d")
    problems = check_path(folder)
    assert_well_formed(problems)
    assert any("module.en.md" in p.path and "cannot read file" in p.message for p in problems), problems
    assert any("quiz.de.md" in p.path and "not a regular file" in p.message for p in problems), problems


def test_unreadable_file(make_course: MakeCourse) -> None:
    folder = make_course()
    path = folder / "basics/module.en.md"
    path.chmod(0)
    try:
        problems = check_path(folder)
    finally:
        path.chmod(0o644)
    assert_well_formed(problems)
    if os.geteuid() != 0:  # root reads it anyway
        assert any("cannot read file" in p.message for p in problems)


def mutated(base: str, position: int, insert: str) -> str:
    cut = position % (len(base) + 1)
    return base[:cut] + insert + base[cut:]


BASES = {
    "course.yaml": "slug: demo\nsource_lang: de\nlanguages: [de, en]\ntitle: {de: T, en: T}\n"
    "description: {de: D, en: D}\ncurrent_as_of: 2026-11-01\nmodules: [basics]\n",
    "basics/module.de.md": "---\ntitle: T\nduration_minutes: 5\n---\n# T\n![a](../images/a.png) [l](../basics/)\n",
    "basics/module.en.md": "---\ntitle: T\nsource_rev: 0123456789ab\n---\n:::note\nx\n:::\n",
    "basics/quiz.de.md": QUIZ,
    "basics/quiz.en.md": QUIZ.replace("title: Quiz", "title: Quiz\nsource_rev: 0123456789ab"),
}
NOISE = st.text(
    alphabet=st.sampled_from(list("-:[]{}#*!()|>=x\n \t'\"&<%\\/.") + ["\x00", "é", "\r", "中"]), max_size=40
)


def file_contents(name: str) -> st.SearchStrategy[str | bytes | None]:
    return st.one_of(
        st.none(),
        st.binary(max_size=200),
        st.text(max_size=200),
        st.builds(mutated, st.just(BASES[name]), st.integers(0, 400), NOISE),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: file_contents(name) for name in BASES}), st.binary(max_size=50))
def test_random_course_files_never_raise(files: dict[str, str | bytes | None], image: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        (folder / "basics").mkdir(parents=True)
        (folder / "images").mkdir()
        (folder / "images/a.png").write_bytes(image)
        for name, content in files.items():
            if content is not None:
                data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
                (folder / name).write_bytes(data)
        assert_well_formed(check_path(folder))
        for name in files:
            assert_well_formed(check_path(folder / name))


def test_courses_in_the_repository_have_no_errors() -> None:
    root = REPO / "courses"
    if not any(root.glob("*/course.yaml")) and not (root / "course.yaml").exists():
        pytest.skip("no course under courses/ yet")
    errors = [str(p) for p in check_path(root) if p.severity == "error"]
    assert errors == []


def test_sample_course_checks_clean() -> None:
    sample = REPO / "tests/data/sample-course"
    if not sample.exists():
        pytest.skip("tests/data/sample-course is not there yet")
    # the one cue it keeps on purpose: the tests retake its quiz at once, as often as they need
    assert [str(p) for p in check_path(sample)] == [
        f"{sample}/sample/course.yaml:16: warning: the course issues a certificate and allows unlimited attempts "
        "with no waiting time (attempts: 0, retake_wait_minutes: 0): a learner can retry until the answers "
        "stick; limit attempts or set retake_wait_minutes"
    ]


def test_relative_paths_from_inside_the_course(
    make_course: MakeCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_course()
    monkeypatch.chdir(folder)
    assert check_path(Path(".")) == []
    monkeypatch.chdir(folder / "basics")
    assert check_path(Path("module.de.md")) == []
    assert check_path(Path("..")) == []


def _nested_list(depth: int) -> str:
    return "\n".join("  " * level + f"- Ebene {level + 1}" for level in range(depth)) + "\n"


def test_lists_nested_too_deeply_are_reported_where_text_vanishes(make_course: MakeCourse) -> None:
    """The Markdown renderer stops at 20 nested blocks (ten list levels) and drops the rest silently."""
    head = "---\ntitle: Grundlagen\nduration_minutes: 20\n---\n\n# Grundlagen\n\n"
    body = (
        _nested_list(9) + "\n" + ">" * 21 + " Zitat\n\nAbsatz\n\n" + _nested_list(12) + "\nNach der Liste\n"
    )
    text = head + body
    folder = make_course({"basics/module.de.md": text, "basics/module.en.md": None})
    module = folder / "basics" / "module.de.md"
    problems = [p for p in check_path(module) if p.severity == "error"]
    quote = text.count("\n", 0, text.index(">>>")) + 1
    tenth = text.count("\n", 0, text.index("- Ebene 10")) + 1
    last = text.count("\n")
    assert [(p.line, p.message) for p in problems] == [
        (quote, f"{TOO_DEEP} line {quote} is missing from the page; flatten the structure"),
        (tenth, f"{TOO_DEEP} lines {tenth}–{last} are missing from the page; flatten the structure"),
    ]


TOO_DEEP = "nested too deeply (lists or quotes more than about nine levels deep):"
