"""Reading quiz files as bytes: encodings are reported, never guessed; size does not make parsing slow."""

import codecs
import time

from app.content.quiz.parser import parse_quiz

VALID = "---\ntitle: Größe\n---\n\n## {#a type=truefalse}\nÄrger?\n\n- [x] true)\n- [ ] false)\n"


def test_utf8_bytes_and_a_bom_are_read():
    plain, problems = parse_quiz(VALID.encode("utf-8"), "quiz.de.md")
    assert problems == [] and plain is not None
    with_bom, problems = parse_quiz(codecs.BOM_UTF8 + VALID.encode("utf-8"), "quiz.de.md")
    assert problems == [] and with_bom == plain
    assert plain.title == "Größe"


def test_text_with_a_bom_is_read():
    quiz, problems = parse_quiz("\ufeff" + VALID, "quiz.de.md")
    assert problems == [] and quiz is not None


def test_utf16_is_refused():
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        data = VALID.encode(encoding)
        if encoding == "utf-16-be":
            data = codecs.BOM_UTF16_BE + data
        quiz, problems = parse_quiz(data, "quiz.de.md")
        assert quiz is None
        assert [(p.line, p.severity) for p in problems] == [(1, "error")]
        assert "not UTF-8" in problems[0].message and "UTF-" in problems[0].message


def test_utf16_without_bom_is_refused_at_the_first_nul():
    quiz, problems = parse_quiz(VALID.encode("utf-16-le"), "quiz.de.md")
    assert quiz is None
    assert problems[0].line == 1 and "NUL" in problems[0].message


def test_latin1_is_refused_with_the_line_of_the_first_bad_byte():
    quiz, problems = parse_quiz(VALID.encode("latin-1"), "quiz.de.md")
    assert quiz is None
    assert [(p.line, p.message) for p in problems] == [
        (2, "file is not UTF-8 (byte 0xf6; perhaps Latin-1 or Windows-1252); save it as UTF-8")
    ]


def test_gb18030_is_read_with_a_warning_and_latin1_german_is_not_taken_for_it():
    chinese = (
        "---\ntitle: 商标\n---\n\n## {#a type=truefalse}\n商标须在中国注册？\n\n- [x] true)\n- [ ] false)\n"
    )
    for encoding in ("gbk", "gb18030"):
        quiz, problems = parse_quiz(chinese.encode(encoding), "quiz.zh.md")
        assert quiz is not None and quiz.title == "商标"
        assert [(p.line, p.severity) for p in problems] == [(2, "warning")]
        assert "GB18030 (GBK)" in problems[0].message
    german = "---\ntitle: Für Müßiggänger\n---\n\n## {#a type=truefalse}\nÄrger für Größe?\n\n- [x] true)\n- [ ] false)\n"
    quiz, problems = parse_quiz(german.encode("latin-1"), "quiz.de.md")
    assert quiz is None and "perhaps Latin-1" in problems[0].message


def test_bad_byte_line_counts_crlf_and_cr_as_one_line_break():
    data = b"---\r\ntitle: T\r---\r\n\r\n## {#a \xe4}"
    quiz, problems = parse_quiz(data, "quiz.de.md")
    assert [p.line for p in problems] == [5]


def test_empty_and_blank_files():
    for source in ("", b"", "\n\n   \n"):
        quiz, problems = parse_quiz(source, "quiz.de.md")
        assert quiz is None
        assert problems and all(p.line == 1 for p in problems)


def test_other_input_types_are_reported():
    quiz, problems = parse_quiz(None, "quiz.de.md")  # type: ignore[arg-type]
    assert quiz is None and problems[0].line == 1


def test_problem_str_is_compiler_style():
    quiz, problems = parse_quiz(
        "---\ntitle: T\n---\n\n## {#a type=text shuffle=true}\nQ\n= x\n", "c/quiz.de.md"
    )
    assert [str(p) for p in problems] == [
        "c/quiz.de.md:5: warning: shuffle= has no effect on text questions (they are never shuffled)"
    ]
    _, problems = parse_quiz("---\ntitle: T\n---\n\n## {#a type=text}\nQ\n", "c/quiz.de.md")
    assert (
        str(problems[0]) == "c/quiz.de.md:5: question 'a' has no accepted answers: add lines like '= answer'"
    )


def test_a_one_megabyte_file_parses_quickly():
    question = (
        "## {{#q{n} type=multiple scoring=partial}}\nWhich of these {n}?\n\n"
        "- [x] a) Alpha with some longer text so that the file grows\n  > Feedback for alpha\n"
        "- [ ] b) Beta\n- [x] c) Gamma {{pin}}\n\n:::explanation\nBecause.\n:::\n\n"
    )
    body = "".join(question.format(n=n) for n in range(5000))
    source = ("---\ntitle: Big\n---\n\n" + body).encode("utf-8")
    assert len(source) > 1_000_000
    started = time.perf_counter()
    quiz, problems = parse_quiz(source, "quiz.de.md")
    elapsed = time.perf_counter() - started
    assert problems == [] and quiz is not None and len(quiz.questions) == 5000
    assert elapsed < 5


def test_a_question_with_ten_thousand_options_parses_quickly():
    options = "".join(f"- [{'x' if i == 0 else ' '}] o{i}) Option {i}\n" for i in range(10_000))
    started = time.perf_counter()
    quiz, problems = parse_quiz(
        "---\ntitle: Many\n---\n\n## {#many type=single}\nPick one.\n\n" + options, "quiz.de.md"
    )
    elapsed = time.perf_counter() - started
    assert problems == [] and len(quiz.questions[0].options) == 10_000
    assert elapsed < 5


def test_pathological_lines_parse_quickly():
    long_line = "## {" + "} " * 200_000 + "\n" + "- [ ] " + "a" * 500_000 + "\n" + "|" * 300_000 + "\n"
    started = time.perf_counter()
    parse_quiz("---\ntitle: T\n---\n\n## {#a type=matching}\nT\n" + long_line, "quiz.de.md")
    parse_quiz(
        "---\ntitle: T\n---\n\n## {#a type=numeric}\nT\n= " + "1" * 500_000 + "\n= [" + "," * 100_000, "x"
    )
    assert time.perf_counter() - started < 5
