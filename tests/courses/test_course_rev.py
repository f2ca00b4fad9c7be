"""`flask courses rev FILE…`: the source_rev value a translation must name, without a failing check first."""

import re
from pathlib import Path

from app.content.course.checker import check_path


def test_rev_of_a_stale_translation_is_the_value_that_makes_the_check_pass(runner, make_course) -> None:
    folder = make_course()
    source = folder / "basics" / "module.de.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    translation = folder / "basics" / "module.en.md"
    assert any("stale translation" in p.message for p in check_path(folder))

    result = runner.invoke(args=["courses", "rev", str(translation), str(source)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0].startswith(f"{translation}: source_rev: ")
        and "(the current revision of module.de.md)" in lines[0]
    )
    assert lines[1].startswith(f"{source}: source_rev: ") and "(its own revision" in lines[1]
    value = re.search(r"source_rev: ([0-9a-f]{12})", lines[0])[1]
    assert value == re.search(r"source_rev: ([0-9a-f]{12})", lines[1])[1]

    text = translation.read_text(encoding="utf-8")
    translation.write_text(re.sub(r"source_rev: \S+", f"source_rev: {value}", text), encoding="utf-8")
    assert check_path(folder) == []


def test_rev_reports_missing_files_and_sources(runner, make_course, tmp_path: Path) -> None:
    folder = make_course({"advanced/module.de.md": None})
    missing_source = folder / "advanced" / "module.en.md"
    result = runner.invoke(args=["courses", "rev", str(missing_source), str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert f"{missing_source}:1: its source module.de.md does not exist" in result.stderr
    assert f"{tmp_path / 'nope.md'}:1: no such file" in result.stderr


def test_rev_of_a_file_outside_a_course_is_its_own(runner, tmp_path: Path) -> None:
    loose = tmp_path / "quiz.en.md"
    loose.write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n")
    result = runner.invoke(args=["courses", "rev", str(loose)])
    assert result.exit_code == 0
    assert "source_rev: " in result.stdout and "(its own revision" in result.stdout
    same = tmp_path / "same.md"
    same.write_bytes(b"---\ntitle: T\n---\n")  # BOM and line endings do not change the revision
    assert runner.invoke(args=["courses", "rev", str(same)]).stdout.split()[2] == result.stdout.split()[2]
