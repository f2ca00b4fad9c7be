"""Commands print the checker's messages in English, or in German or Chinese with --lang."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = str(DATA / "quizzes" / "broken.gift")


def test_convert_prints_english_by_default_and_chinese_with_lang_zh(runner):
    english = runner.invoke(args=["quiz", "convert", BROKEN])
    chinese = runner.invoke(args=["quiz", "convert", "--lang", "zh", BROKEN])
    assert english.exit_code == chinese.exit_code == 3
    assert f"{BROKEN}:3: this question is left out because of its errors" in english.stderr
    assert f"{BROKEN}:14: warning: single question 'zwei-richtige' has 2 correct options" in english.stderr
    assert f"{BROKEN}:3: 此题因有错误而被略过" in chinese.stderr
    assert f"{BROKEN}:14: 警告: 单选题 'zwei-richtige' 有 2 个正确选项" in chinese.stderr
    assert "left out because of its errors" not in chinese.stderr
    assert english.stdout == chinese.stdout  # only the messages change, not the converted quiz


def test_courses_check_in_german(runner):
    course = str(DATA / "sample-course")
    english = runner.invoke(args=["courses", "check", course])
    german = runner.invoke(args=["courses", "check", "--lang", "de", course])
    assert (
        "warning: the course issues a certificate and allows unlimited attempts"
        in english.stderr + english.stdout
    )
    output = german.stderr + german.stdout
    assert "Warnung: der Kurs stellt ein Zertifikat aus und erlaubt unbegrenzte Versuche" in output


def test_an_unknown_language_is_a_usage_error(runner):
    result = runner.invoke(args=["quiz", "convert", "--lang", "fr", BROKEN])
    assert result.exit_code == 2
    assert "fr" in result.output
