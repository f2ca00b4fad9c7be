"""Imports that behave like Moodle's: the good questions are converted, each bad one is reported on its
line, `flask quiz convert` exits 3 when some were left out, and `--strict` keeps all-or-nothing."""

from pathlib import Path

from app.content.quiz.aiken import aiken_to_quiz
from app.content.quiz.gift import gift_to_quiz
from app.content.quiz.parser import parse_quiz
from app.content.quiz.validate import LEFT_OUT

DATA = Path(__file__).parents[1] / "data" / "quizzes"
GIFT = DATA / "partly-broken.gift"
AIKEN = DATA / "aiken-recovery.txt"
MARKDOWN = DATA / "partly-broken.de.md"


def errors(problems):
    return [(p.line, p.message) for p in problems if p.severity == "error"]


def test_gift_keeps_the_good_questions_and_reports_each_bad_one_on_its_line():
    quiz, problems = gift_to_quiz(GIFT.read_bytes(), str(GIFT), skip_bad=True)
    assert quiz is not None
    assert [(q.id, q.line) for q in quiz.questions] == [("behoerde", 3), ("dauer", 7)]
    assert errors(problems) == [
        (5, "missing '{' or '}' around the answers (escape literal braces as \\{ and \\})"),
        (5, LEFT_OUT),
        (9, "cannot read the number(s) in 'zwölf'"),
        (9, LEFT_OUT),
    ]


def test_gift_without_skip_bad_is_all_or_nothing():
    quiz, problems = gift_to_quiz(GIFT.read_bytes(), str(GIFT))
    assert quiz is None
    assert [line for line, _ in errors(problems)] == [5, 9]  # no "left out": nothing is converted


def test_aiken_error_recovery_fixture_yields_three_questions():
    quiz, problems = aiken_to_quiz(AIKEN.read_bytes(), str(AIKEN), skip_bad=True)
    assert quiz is not None
    assert [q.text_md for q in quiz.questions] == [
        "Welche Behörde registriert Marken in China?",
        "Welches Prinzip gilt im chinesischen Markenrecht?",
        "Welche Zeichen bleiben erhalten: \\< > & ?",  # plain text, escaped for Markdown
    ]
    assert [o.text_md for o in quiz.questions[1].options] == [
        "Erstbenutzung (ohne Leerzeichen)",
        "Erstanmeldung (ohne Leerzeichen)",
    ]
    assert errors(problems) == [
        (1, "question 'q1' needs at least two options"),
        (1, LEFT_OUT),
        (5, "an option comes before any question text"),
        (7, "ANSWER: without a question and its options before it"),
        (14, "this question has no ANSWER: line after its options"),
        (14, LEFT_OUT),
    ]


def test_markdown_keeps_the_good_questions():
    quiz, problems = parse_quiz(MARKDOWN.read_bytes(), str(MARKDOWN), skip_bad=True)
    assert quiz is not None and quiz.title == "Teilweise fehlerhaft"
    assert [q.id for q in quiz.questions] == ["erstanmelder", "patent"]
    assert [line for line, _ in errors(problems)] == [11, 11]
    assert LEFT_OUT in errors(problems)[1][1]


def test_markdown_with_a_duplicate_id_keeps_the_first():
    question = "## {#a type=truefalse}\nQ\n\n- [x] true)\n- [ ] false)\n\n"
    quiz, problems = parse_quiz("---\ntitle: T\n---\n\n" + question * 2, "q.de.md", skip_bad=True)
    assert [q.line for q in quiz.questions] == [5]
    assert errors(problems) == [(11, "duplicate question id 'a' (first used on line 5)"), (11, LEFT_OUT)]


def test_an_error_outside_the_questions_still_refuses_the_file():
    source = MARKDOWN.read_text(encoding="utf-8").replace("title:", "titel:")
    quiz, problems = parse_quiz(source, str(MARKDOWN), skip_bad=True)
    assert quiz is None
    assert (2, "unknown front matter key 'titel' (did you mean 'title'?)") in errors(problems)


def test_nothing_good_is_nothing_converted():
    quiz, problems = gift_to_quiz("::a::Frage{#zwölf}", "x.gift", skip_bad=True)
    assert quiz is None
    assert (1, "no question in this file could be converted") in errors(problems)


# -- flask quiz convert -------------------------------------------------------------------------------


def test_convert_writes_the_good_questions_and_exits_3(runner):
    result = runner.invoke(args=["quiz", "convert", str(GIFT)])
    assert result.exit_code == 3, result.output
    quiz, problems = parse_quiz(result.stdout, "out.de.md")
    assert problems == [] and [q.id for q in quiz.questions] == ["behoerde", "dauer"]
    assert f"{GIFT}:5: missing '{{' or '}}'" in result.stderr
    assert f"{GIFT}:9: {LEFT_OUT}" in result.stderr
    assert f"{GIFT}: 2 question(s) converted, 2 left out because of errors" in result.stderr


def test_convert_aiken_recovery_fixture(runner, tmp_path):
    out = tmp_path / "quiz.de.md"
    result = runner.invoke(args=["quiz", "convert", str(AIKEN), "--from", "aiken", "--out", str(out)])
    assert result.exit_code == 3, result.output
    quiz, _ = parse_quiz(out.read_bytes(), str(out))
    assert len(quiz.questions) == 3
    assert "3 question(s) converted, 2 left out because of errors" in result.stderr


def test_convert_strict_is_all_or_nothing(runner, tmp_path):
    out = tmp_path / "quiz.de.md"
    result = runner.invoke(args=["quiz", "convert", str(GIFT), "--strict", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stdout == "" and not out.exists()
    assert f"{GIFT}: not converted (2 error(s))" in result.stderr
    assert LEFT_OUT not in result.stderr


def test_convert_markdown_to_gift_leaves_out_the_bad_question(runner):
    result = runner.invoke(args=["quiz", "convert", str(MARKDOWN)])
    assert result.exit_code == 3, result.output
    assert "::erstanmelder::" in result.stdout and "::patent::" in result.stdout
    assert "ohne-richtige" not in result.stdout
    assert f"{MARKDOWN}:11: a single question needs at least one correct option" in result.stderr


def test_convert_exits_0_when_everything_is_converted(runner):
    result = runner.invoke(args=["quiz", "convert", str(DATA / "aiken-valid.txt")])
    assert result.exit_code == 0, result.output
    assert "3 question(s) converted" in result.stderr


def test_export_error_gives_exit_3_and_strict_refuses_it(runner, tmp_path):
    """A question GIFT cannot hold (more than ten right options need weights Moodle refuses)."""
    options = "".join(f"- [x] o{i}) Option {i}\n" for i in range(11)) + "- [ ] z) Falsch\n"
    source = tmp_path / "quiz.de.md"
    source.write_text(
        "---\ntitle: T\n---\n\n## {#viele type=multiple scoring=partial}\nQ\n\n"
        + options
        + "\n## {#wahr type=truefalse}\nQ\n\n- [x] true)\n- [ ] false)\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["quiz", "convert", str(source)])
    assert result.exit_code == 3 and "::wahr::" in result.stdout and "::viele::" not in result.stdout
    strict = runner.invoke(args=["quiz", "convert", str(source), "--strict"])
    assert strict.exit_code == 1 and strict.stdout == ""


def test_help_documents_the_exit_codes(runner):
    result = runner.invoke(args=["quiz", "convert", "--help"])
    text = " ".join(result.output.split())
    assert "--strict" in text
    assert "Exit codes: 0 everything converted" in text and "1 nothing converted" in text
    assert "3 some questions left out" in text


def test_nothing_good_counts_the_errors_not_the_left_out_notes(runner):
    broken = DATA / "aiken-broken.txt"
    result = runner.invoke(args=["quiz", "convert", str(broken), "--from", "aiken"])
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{broken}: not converted (4 error(s))" in result.stderr
