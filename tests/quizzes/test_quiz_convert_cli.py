"""`flask quiz convert` from the command line."""

from pathlib import Path

from app.content.quiz.parser import parse_quiz

DATA = Path(__file__).resolve().parents[1] / "data"


def test_gift_to_markdown(runner):
    result = runner.invoke(args=["quiz", "convert", str(DATA / "quizzes" / "moodle-export.gift")])
    assert result.exit_code == 0, result.output
    quiz, problems = parse_quiz(result.stdout)
    assert quiz is not None and not [p for p in problems if p.severity == "error"]
    assert "category" in result.stderr


def test_aiken_to_markdown_file(runner, tmp_path):
    out = tmp_path / "quiz.de.md"
    result = runner.invoke(
        args=["quiz", "convert", str(DATA / "quizzes" / "aiken-valid.txt"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    quiz, _ = parse_quiz(out.read_bytes())
    assert quiz is not None and all(q.type == "single" for q in quiz.questions)


def test_markdown_to_gift_and_back(runner, tmp_path):
    source = DATA / "sample-course" / "sample" / "basics" / "quiz.de.md"
    gift = tmp_path / "quiz.gift"
    result = runner.invoke(args=["quiz", "convert", str(source), "--out", str(gift)])
    assert result.exit_code == 0, result.output
    assert "ordering" in result.stderr  # GIFT has no ordering questions: reported, not silently lost
    back = runner.invoke(args=["quiz", "convert", str(gift)])
    assert back.exit_code == 0, back.output
    original, _ = parse_quiz(source.read_bytes())
    converted, _ = parse_quiz(back.stdout)
    kept = [q.id for q in original.questions if q.type != "ordering"]
    assert [q.type for q in converted.questions] == [q.type for q in original.questions if q.id in kept]


def test_broken_input_reports_lines_and_fails(runner):
    result = runner.invoke(
        args=["quiz", "convert", str(DATA / "quizzes" / "aiken-broken.txt"), "--from", "aiken"]
    )
    assert result.exit_code == 1
    assert "aiken-broken.txt:" in result.stderr and "Traceback" not in result.output


def test_binary_junk(runner, tmp_path):
    junk = tmp_path / "junk.gift"
    junk.write_bytes(bytes(range(256)) * 10)
    result = runner.invoke(args=["quiz", "convert", str(junk)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
