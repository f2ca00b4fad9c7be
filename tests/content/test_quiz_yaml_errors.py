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
