"""Invalid YAML (quiz and module front matter, course.yaml): the line to fix, in a trainer's words."""

import pytest

from app.content.frontmatter import split_front_matter
from app.content.quiz.parser import parse_quiz
from app.content.yamllines import load_yaml

CASES = [
    # (front matter lines after '---', line of the mistake in the file, message)
    ('title: "Marken\nshuffle: true\npass_mark: 70\n', 2, "the quote opened on this line is not closed"),
    ("title：Marken\nshuffle: true\n", 2, "not the full-width '：'"),
    ("title: Marken\nshuffle true\npass_mark: 70\n", 3, "this line is not 'key: value'"),
    ("title Marken\nshuffle: true\n", 2, "this line is not 'key: value'"),
    ("title:Marken\nshuffle: true\n", 2, "put a space after the colon"),
    (
        "title: Marken: ein Quiz\n",
        2,
        "a value containing ': ' must be in quotes: title: \"Marken: ein Quiz\"",
    ),
    (
        "title: Marken\n  shuffle: true\n",
        3,
        "this line is indented, but the key above it already has a value",
    ),
    ("title: Marken\n\tshuffle: true\n", 3, "indent with spaces"),
    ("title: [Marken\nshuffle: true\n", 2, "'[' starts an inline list that is not closed"),
    ("title: {Marken\nshuffle: true\n", 2, "'{' starts an inline mapping that is not closed"),
    ("title: 'Marken' Quiz\n", 2, "text after the closing quote: put the whole value in quotes"),
    ("title: @Marken\n", 2, "a value cannot start with '@'"),
]


@pytest.mark.parametrize(("header", "line", "message"), CASES)
def test_quiz_front_matter(header, line, message):
    _, problems = parse_quiz(
        f"---\n{header}---\n\n## {{#a type=truefalse}}\nQ\n- [x] true)\n- [ ] false)\n", "q.md"
    )
    assert [(p.line, p.message.startswith("invalid YAML in the front matter: ")) for p in problems] == [
        (line, True)
    ]
    assert message in problems[0].message and "mapping values" not in problems[0].message


@pytest.mark.parametrize(("header", "line", "message"), CASES)
def test_module_front_matter(header, line, message):
    _, _, _, problems = split_front_matter(f"---\n{header}---\n\nText\n", "module.de.md")
    assert [(p.line, p.message.startswith("invalid YAML in the front matter: ")) for p in problems] == [
        (line, True)
    ]
    assert message in problems[0].message


def test_course_yaml_lines_count_from_the_top():
    _, problems = load_yaml('slug: demo\ntitle:\n  de: "Marken\n  en: Trademarks\n', "course.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (3, "invalid YAML: the quote opened on this line is not closed: end the value with the same quote")
    ]


QUIZ_BODY = "\n## {#a type=truefalse}\nQ\n- [x] true)\n- [ ] false)\n"


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        *CASES,
        ("title: a\ntitle: b\n", 3, "duplicate key 'title' (first on line 2)"),
        ("title: &t x\nlang: *t\n", 3, "aliases (*name) are not supported"),
        ("- a list\n", 2, "front matter must be 'key: value' lines"),
    ],
)
def test_quiz_and_module_headers_are_read_by_one_reader(header, line, message):
    """The same header mistake gives the same message on the same line in a quiz and a module text."""
    _, quiz_problems = parse_quiz(f"---\n{header}---\n{QUIZ_BODY}", "q.md")
    module_problems = split_front_matter(f"---\n{header}---\n\nText\n", "q.md")[3]
    assert [str(p) for p in quiz_problems] == [str(p) for p in module_problems]
    assert quiz_problems[0].line == line and message in quiz_problems[0].message


def test_an_unclosed_header_is_reported_alike():
    _, quiz_problems = parse_quiz("---\ntitle: T\n", "q.md")
    module_problems = split_front_matter("---\ntitle: T\n", "q.md")[3]
    assert [str(p) for p in quiz_problems] == [str(p) for p in module_problems]
    assert [p.line for p in quiz_problems] == [1]
