"""The checker's and converters' messages (app/content, marked with N_) in German and Chinese.

app/content keeps each message's English template and parameters; the catalogs must hold a translation of
every template with the same placeholders, and rendering with a catalog must give that language.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from app.content.course.checker import check_path
from app.content.messages import Message
from app.content.quiz.formats import READERS, guess_format
from app.content.quiz.validate import LEFT_OUT

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def checker_templates() -> set[str]:
    """Every template marked with N_ under app/ (app/content and the editor's own few)."""
    found = set()
    for path in (ROOT / "app").rglob("*.py"):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"N_": None}
        ):
            if message:
                found.add(message)
    return found


def catalog(lang: str) -> dict[str, str]:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if m.id and not m.fuzzy and m.string}


def translations(lang: str) -> gettext.GNUTranslations:
    return gettext.translation("messages", localedir=ROOT / "translations", languages=[lang])


def test_the_walk_finds_the_checker_messages():
    templates = checker_templates()
    assert len(templates) > 250
    assert LEFT_OUT.template in templates
    assert "duplicate question id '%(id)s' (first used on line %(line)s)" in templates


@pytest.mark.parametrize("lang", ["de", "zh"])
def test_every_checker_message_is_translated_with_its_placeholders(lang):
    translated = catalog(lang)
    missing = sorted(t for t in checker_templates() if t not in translated)
    assert not missing, f"{lang}: {len(missing)} checker messages without a translation, e.g. {missing[:3]}"
    for template in checker_templates():
        assert sorted(PLACEHOLDER.findall(translated[template])) == sorted(PLACEHOLDER.findall(template)), (
            template
        )
        for token in ("[x]", "[ ]", "{pin}", "type=", "source_rev", "'---'", "|---|"):
            if token in template:
                assert token in translated[template], (lang, token, template)


def problems_of_the_fixtures():
    """What the converters and the checker say about the test fixtures (broken files included)."""
    found = []
    for path in sorted((DATA / "quizzes").iterdir()):
        data = path.read_bytes()
        found += READERS[guess_format(path.name, data)](data, str(path), skip_bad=True)[1]
        found += READERS[guess_format(path.name, data)](data, str(path))[1]
    found += check_path(DATA / "sample-course")
    found += check_path(DATA / "zh-source-course")
    return found


def test_every_problem_of_the_fixtures_carries_its_template():
    problems = problems_of_the_fixtures()
    assert len(problems) > 20
    unmarked = [p for p in problems if not isinstance(p.message, Message)]
    assert not unmarked, unmarked[:3]


@pytest.mark.parametrize(
    ("lang", "left_out", "warning"),
    [
        ("de", "diese Frage wird wegen ihrer Fehler ausgelassen", "Warnung"),
        ("zh", "此题因有错误而被略过", "警告"),
    ],
)
def test_problems_render_in_german_and_chinese(lang, left_out, warning):
    gift = DATA / "quizzes" / "broken.gift"
    _quiz, problems = READERS["gift"](gift.read_bytes(), "broken.gift", skip_bad=True)
    translate = translations(lang).gettext
    assert problems[1].text(translate) == left_out
    single = next(p for p in problems if p.severity == "warning")
    rendered = single.render(translate)
    assert rendered.startswith(f"broken.gift:14: {warning}: ")
    assert "'zwei-richtige'" in rendered and "type=multiple" in rendered  # parameters and code stay
    assert str(single) == (
        "broken.gift:14: warning: single question 'zwei-richtige' has 2 correct options: choosing any one "
        "of them gives full points (use type=multiple if all of them must be chosen)"
    )
    for problem in problems_of_the_fixtures():
        text = problem.text(translate)
        assert text != problem.message or not re.search("[a-z]{4}", problem.message), problem


def test_nested_and_listed_parameters_are_translated_too():
    from app.content.messages import N_

    message = N_("%(label)s: %(reason)s", label=N_("invalid YAML"), reason=N_("nested too deeply"))
    assert message == "invalid YAML: nested too deeply"
    assert message.translated(translations("de").gettext) == "ungültiges YAML: zu tief verschachtelt"
    listed = N_("question '%(id)s': GIFT cannot express %(lost)s", id="q", lost=(N_("the hint"), "shuffle="))
    assert listed == "question 'q': GIFT cannot express the hint, shuffle="
    assert listed.translated(translations("zh").gettext) == "题目 'q'：GIFT 无法表示 提示、shuffle="
