"""`flask courses import/export/check` against a real database: idempotent, revisioned, round-tripping."""

import filecmp
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.courses.models import Course, CourseAsset, Module, ModuleRevision, QuizRevision
from app.extensions import db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-course" / "sample"


@pytest.fixture
def sample(tmp_path) -> Path:
    target = tmp_path / "courses" / "sample"
    shutil.copytree(SAMPLE, target)
    return target


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_sample_checks_clean(runner, sample):
    result = runner.invoke(args=["courses", "check", str(sample)])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 1 warning(s)" in result.output  # unlimited immediate retakes, kept for the tests
    assert (
        "course.yaml:16: warning: the course issues a certificate and allows unlimited attempts"
        in result.output
    )


def test_import_is_idempotent(runner, app, sample):
    first = runner.invoke(args=["courses", "import", str(sample.parent)])
    assert first.exit_code == 0, first.output
    assert "sample: created" in first.output
    again = runner.invoke(args=["courses", "import", str(sample.parent)])
    assert again.exit_code == 0 and "sample: unchanged" in again.output
    assert count(app, Course) == 1
    assert count(app, ModuleRevision) == 1 and count(app, QuizRevision) == 1


def test_imported_module_is_rendered_and_sanitised(runner, app, client, sample):
    module = sample / "basics" / "module.de.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n[x](javascript:alert(1))\n",
        encoding="utf-8",
    )
    # the source changed, so the translations are stale (a warning), but the course still imports
    assert runner.invoke(args=["courses", "import", str(sample)]).exit_code == 0
    with app.app_context():
        revision = db.session.scalar(select(ModuleRevision))
        texts = {t.lang: t for t in revision.texts}
        assert set(texts) == {"de", "en", "zh"}
        html = texts["de"].html
        assert "<table" in html and "callout" in html
        assert "<script" not in html and 'href="javascript' not in html
        assert texts["en"].stale and not texts["de"].stale
        asset = db.session.scalar(select(CourseAsset))
        assert f"/assets/{asset.sha256}/" in html
    assert client.get(f"/assets/{asset.sha256}/{Path(asset.path).name}").status_code == 200


def test_changed_quiz_becomes_a_new_revision_and_the_old_one_stays(runner, app, sample):
    runner.invoke(args=["courses", "import", str(sample)])
    with app.app_context():
        old = db.session.scalar(select(QuizRevision))
        old_id, old_source = old.id, {t.lang: t.source for t in old.texts}
    quiz = sample / "basics" / "quiz.de.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("\n## ", "\n\n## ", 1), encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(sample)])
    assert result.exit_code == 0, result.output
    assert "basics quiz r2" in result.output
    with app.app_context():
        revisions = db.session.scalars(select(QuizRevision).order_by(QuizRevision.number)).all()
        assert [r.number for r in revisions] == [1, 2]
        assert {t.lang: t.source for t in db.session.get(QuizRevision, old_id).texts} == old_source
        module = db.session.scalar(select(Module))
        assert module.published_quiz().number == 2
    assert count(app, ModuleRevision) == 1  # the module text did not change


def test_export_round_trips(runner, app, sample, tmp_path):
    runner.invoke(args=["courses", "import", str(sample)])
    out = tmp_path / "exported"
    result = runner.invoke(args=["courses", "export", str(out)])
    assert result.exit_code == 0, result.output
    comparison = filecmp.dircmp(sample, out / "sample")
    assert _identical(comparison), "exported files differ from the source"


def _identical(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_identical(sub) for sub in cmp.subdirs.values())


def test_broken_course_is_not_imported(runner, app, sample):
    yaml = sample / "course.yaml"
    lines = yaml.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("pass_mark:"))
    lines[index] = "pass_mark: lots"
    yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(sample)])
    assert result.exit_code == 1
    assert f"course.yaml:{index + 1}: pass_mark" in result.output
    assert count(app, Course) == 0


def test_check_reports_file_and_line(runner, sample):
    quiz = sample / "basics" / "quiz.en.md"
    lines = quiz.read_text(encoding="utf-8").splitlines()
    option = next(i for i, line in enumerate(lines) if line.startswith("- [x]"))
    heading = max(i for i, line in enumerate(lines[:option]) if line.startswith("## "))
    lines[option] = lines[option].replace("- [x]", "- [ ]")
    quiz.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "check", str(sample)])
    assert result.exit_code == 1
    assert f"{quiz}:{heading + 1}: a single question needs at least one correct option" in result.output
    assert "Traceback" not in result.output


def test_missing_path(runner, tmp_path):
    result = runner.invoke(args=["courses", "check", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "no such file or folder" in result.output


def test_export_unknown_course(runner, tmp_path):
    result = runner.invoke(args=["courses", "export", str(tmp_path), "--course", "nope"])
    assert result.exit_code == 1 and "no such course" in result.output


def test_shipped_courses_import(runner, app):
    result = runner.invoke(args=["courses", "import", "courses"])
    assert result.exit_code == 0, result.output
    assert count(app, Course) >= 3
