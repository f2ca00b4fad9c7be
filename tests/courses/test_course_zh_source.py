"""A course whose source language is Chinese (germany-eu-entry): German and English follow the Chinese
files. Stale translations, the quiz quality cues and the import/export round trip, on a copy of the real
course (with the other courses beside it, which its `course:` links name)."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.content.course.loader import load_course
from app.content.revision import source_rev
from app.courses.models import Module, ModuleRevision, ModuleText, QuizRevision
from app.extensions import db

REPO = Path(__file__).resolve().parents[2]
SLUG = "germany-eu-entry"
MODULES = [
    "eu-market-access",
    "setting-up-in-germany",
    "ip-germany-eu",
    "data-compliance-investment",
    "market-access-reimbursement",
    "employing-in-germany",
]


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of courses/ (the course and the courses its links name); returns the course's folder."""
    shutil.copytree(REPO / "courses", tmp_path / "courses")
    return tmp_path / "courses" / SLUG


def line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if line.startswith(prefix))


def written_rev(path: Path) -> str:
    found = re.search(r"^source_rev: \"?([0-9a-f]{12})\"?$", path.read_text(encoding="utf-8"), re.M)
    assert found, path
    return found[1]


def stale_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if "stale translation" in line)


def test_the_course_checks_clean(runner):
    result = runner.invoke(args=["courses", "check", str(REPO / "courses" / SLUG)])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_the_source_is_chinese_and_comes_first(course):
    loaded, problems = load_course(course)
    assert loaded is not None, problems
    assert loaded.spec.source_lang == "zh" and loaded.spec.languages == ("zh", "de", "en")
    assert [m.slug for m in loaded.modules] == MODULES
    for module in loaded.modules:
        zh = module.texts["zh"]
        assert (
            zh.source_rev is None and not zh.stale and zh.review_by is not None
        )  # review dates: source only
        for lang in ("de", "en"):
            assert module.texts[lang].source_rev == zh.rev, (module.slug, lang)


def test_editing_the_chinese_module_makes_german_and_english_stale(runner, course):
    zh = course / "ip-germany-eu" / "module.zh.md"
    old = source_rev(zh.read_bytes())
    zh.write_text(
        zh.read_text(encoding="utf-8") + "\n新增一句：欧洲统一专利法院自2023年6月1日起运作。\n",
        encoding="utf-8",
    )
    new = source_rev(zh.read_bytes())
    result = runner.invoke(args=["courses", "check", str(course)])
    assert result.exit_code == 0, result.output  # stale translations are warnings
    expected = [
        f"{course}/ip-germany-eu/module.{lang}.md:{line_of(course / 'ip-germany-eu' / f'module.{lang}.md', 'source_rev:')}: "
        f"warning: stale translation: source_rev is {old}, source is now {new} "
        "(review the translation, then update source_rev)"
        for lang in ("de", "en")
    ]
    assert stale_lines(result.output) == expected


def test_editing_the_chinese_quiz_makes_its_translations_stale(runner, course):
    quiz = course / "eu-market-access" / "quiz.zh.md"
    old = written_rev(course / "eu-market-access" / "quiz.de.md")
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("第一步应当做什么？", "首先应当做什么？"), encoding="utf-8"
    )
    new = source_rev(quiz.read_bytes())
    assert new != old
    output = runner.invoke(args=["courses", "check", str(course)]).output
    for lang in ("de", "en"):
        path = course / "eu-market-access" / f"quiz.{lang}.md"
        line = line_of(path, "source_rev:")
        assert (
            f"{path}:{line}: warning: stale translation: source_rev is {old}, source is now {new}" in output
        )
    assert len(stale_lines(output)) == 2


def test_editing_a_translation_makes_nothing_stale(runner, course):
    de = course / "ip-germany-eu" / "module.de.md"
    de.write_text(de.read_text(encoding="utf-8") + "\nEin zusätzlicher Satz.\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "check", str(course)])
    assert result.exit_code == 0 and stale_lines(result.output) == []


def test_the_source_is_found_by_source_lang_not_by_position(runner, course):
    yaml_path = course / "course.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("languages: [zh, de, en]", "languages: [de, en, zh]"),
        encoding="utf-8",
    )
    zh = course / "employing-in-germany" / "module.zh.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    loaded, _problems = load_course(course)
    assert loaded.spec.languages == ("zh", "de", "en")
    output = runner.invoke(args=["courses", "check", str(course)]).output
    assert [line.split(":")[0].rsplit("/", 2)[-1] for line in stale_lines(output)] == [
        "module.de.md",
        "module.en.md",
    ]


def test_import_marks_german_and_english_stale_never_the_chinese_source(runner, app, course):
    assert runner.invoke(args=["courses", "import", str(course)]).exit_code == 0
    zh = course / "data-compliance-investment" / "module.zh.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(course)])
    assert result.exit_code == 0, result.output
    assert "data-compliance-investment r2" in result.output
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "data-compliance-investment"))
        texts = db.session.scalars(
            select(ModuleText).where(ModuleText.revision_id == module.current_revision_id)
        )
        assert {t.lang: t.stale for t in texts} == {"zh": False, "de": True, "en": True}


def test_export_round_trips_the_course(runner, app, course, tmp_path):
    assert runner.invoke(args=["courses", "import", str(course)]).exit_code == 0
    out = tmp_path / "exported"
    result = runner.invoke(args=["courses", "export", str(out), "--course", SLUG])
    assert result.exit_code == 0, result.output
    comparison = filecmp.dircmp(course, out / SLUG)
    assert _identical(comparison), "exported files differ from the course"
    shutil.copytree(REPO / "courses" / "ip-china", out / "ip-china")  # the courses its links name
    shutil.copytree(REPO / "courses" / "market-entry-china", out / "market-entry-china")
    shutil.copytree(REPO / "courses" / "sino-german-culture", out / "sino-german-culture")
    again = runner.invoke(args=["courses", "import", str(out / SLUG)])
    assert again.exit_code == 0 and f"{SLUG}: unchanged" in again.output
    with app.app_context():
        assert db.session.scalar(select(ModuleRevision.number).order_by(ModuleRevision.number.desc())) == 1
        assert db.session.scalar(select(QuizRevision.number).order_by(QuizRevision.number.desc())) == 1


def _identical(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_identical(sub) for sub in cmp.subdirs.values())


# --- the quiz quality cues are read in the Chinese source quiz ------------------------------------------


def test_cues_are_analysed_in_the_chinese_quiz(runner):
    result = runner.invoke(args=["courses", "cues", str(REPO / "courses" / SLUG)])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if line.startswith(f"{SLUG}/")]
    assert [(row[0], row[1]) for row in rows] == [(f"{SLUG}/{module}", "zh") for module in MODULES]


def test_a_long_key_in_the_chinese_source_is_reported_there(course):
    quiz = course / "eu-market-access" / "quiz.zh.md"
    lines = quiz.read_text(encoding="utf-8").split("\n")
    lengthened = [
        line + "，并在每一步保留书面记录，以便主管机构和公告机构随时核查"
        if line.startswith("- [x]")
        else line
        for line in lines
    ]
    quiz.write_text("\n".join(lengthened), encoding="utf-8")
    problems = [p for p in load_course(course)[1] if "stale" not in p.message]
    cues = [p for p in problems if "longest" in p.message or "as long as" in p.message]
    assert cues and {Path(p.path).name for p in cues} == {"quiz.zh.md"}
    assert any(p.line == 1 and "the correct option is the longest" in p.message for p in cues)


def test_a_chinese_hint_that_repeats_the_answer_is_reported_on_its_question(course):
    quiz = course / "eu-market-access" / "quiz.zh.md"
    text = quiz.read_text(encoding="utf-8")
    text = text.replace(
        "先想清楚产品在欧盟法规下处于什么位置，再决定和哪些机构打交道。",
        "先明确预期用途和风险类别，再对照NMPA资料做差距分析。",
    )
    quiz.write_text(text, encoding="utf-8")
    line = line_of(quiz, "## {#first-step")
    problems = load_course(course)[1]
    hint = [p for p in problems if "the hint repeats words of the correct answer" in p.message]
    assert [(Path(p.path).name, p.line) for p in hint] == [("quiz.zh.md", line)]


def test_review_dates_are_stored_from_the_chinese_file(runner, app, course):
    assert runner.invoke(args=["courses", "import", str(course)]).exit_code == 0
    with app.app_context():
        for slug in MODULES:
            written = re.search(
                r"^review_by: (\S+)$", (course / slug / "module.zh.md").read_text(encoding="utf-8"), re.M
            )
            module = db.session.scalar(select(Module).where(Module.slug == slug))
            revision = db.session.get(ModuleRevision, module.current_revision_id)
            assert revision.review_by.isoformat() == written[1] and revision.watch, slug
