"""A translation must repeat the source's structure exactly; only prose and text answers may differ."""

from pathlib import Path

import pytest

from app.content.quiz.parser import parse_quiz
from app.content.quiz.translation import check_source, compare_translation

SAMPLE = Path(__file__).parents[1] / "data" / "sample-course" / "sample" / "basics"
SOURCE_PATH = SAMPLE / "quiz.de.md"
SOURCE, _ = parse_quiz(SOURCE_PATH.read_bytes(), str(SOURCE_PATH))
ENGLISH = (SAMPLE / "quiz.en.md").read_text(encoding="utf-8")


def compare(text):
    translation, problems = parse_quiz(text, "quiz.en.md")
    assert translation is not None, [str(p) for p in problems]
    return [(p.line, p.severity, p.message) for p in compare_translation(SOURCE, translation, "quiz.en.md")]


def line_of(text, fragment):
    return text[: text.index(fragment)].count("\n") + 1


def test_the_sample_translations_agree_with_their_source():
    for lang in ("en", "zh"):
        path = SAMPLE / f"quiz.{lang}.md"
        translation, problems = parse_quiz(path.read_bytes(), str(path))
        assert problems == []
        assert compare_translation(SOURCE, translation, str(path)) == []


def test_text_answers_and_all_prose_may_differ():
    changed = ENGLISH.replace("= National Intellectual Property Administration\n", "").replace(
        "Who, as a rule", "Who"
    )
    assert compare(changed) == []


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        (
            "{#first-to-file type=single}",
            "{#first-to-file type=multiple}",
            "{#first-to-file",
            "type is multiple, the source has single",
        ),
        (
            "{#german-patent type=truefalse}",
            "{#german-patent type=truefalse points=2}",
            "{#german-patent",
            "points is 2, the source has 1",
        ),
        (
            "scoring=partial-penalty shuffle=false",
            "scoring=partial shuffle=false",
            "{#nnn-agreement",
            "scoring is partial, the source has partial-penalty",
        ),
        (
            "scoring=partial-penalty shuffle=false",
            "scoring=partial-penalty",
            "{#nnn-agreement",
            "shuffle is not set, the source has false",
        ),
        (
            "- [ ] d) Whoever makes the mark best known in China {pin}",
            "- [ ] d) Whoever makes the mark best known in China",
            "- [ ] d) Whoever makes the mark best known in China",
            "must be pinned as in the source",
        ),
        (
            "- [ ] c) Rely on the registered",
            "- [x] c) Rely on the registered",
            "- [x] c) Rely",
            "must be marked [ ] as in the source",
        ),
        (
            "- [ ] c) Rely on the registered",
            "- [ ] z) Rely on the registered",
            "- [ ] z) Rely",
            "option 'z' of question 'brand-protection' is not in the source",
        ),
        (
            "- [ ] c) Rely on the registered",
            "- [ ] z) Rely on the registered",
            "{#brand-protection",
            "lacks the option 'c' of the source",
        ),
        (
            "= 37500 +- 5% {score=0.5}",
            "= 37500 +- 4% {score=0.5}",
            "= 37500 +- 4%",
            "this accepted answer of question 'licence-fee' differs",
        ),
        ("= [35, 45]\n", "= [35, 45]\n= 40\n", "{#service-class", "has 2 accepted answers, the source has 1"),
        (
            "| x  |  | 5 years",
            "| x  | Petty patent | 5 years",
            "| x  | Petty",
            "row 'x' of question 'protection-terms' must be a distractor",
        ),
        (
            "| d  | Trademark |",
            "| e  | Trademark |",
            "| e  | Trademark",
            "row 'e' of question 'protection-terms' is not in the source",
        ),
        ("2. b) File the application", "2. c) File the application", "2. c) File", "duplicate item id"),
    ],
)
def test_structural_differences_are_errors_on_the_translation_line(old, new, anchor, message):
    changed = ENGLISH.replace(old, new, 1)
    assert changed != ENGLISH
    if "duplicate item id" in message:  # a broken translation is reported by the parser itself
        _, problems = parse_quiz(changed, "quiz.en.md")
        assert any(message in p.message for p in problems)
        return
    found = compare(changed)
    line = line_of(changed, anchor)
    assert any(
        p_line == line and severity == "error" and message in text for p_line, severity, text in found
    ), found


def test_reordered_options_and_items():
    steps = ENGLISH.replace("1. a) Clearance search", "1. b) Clearance search").replace(
        "2. b) File", "2. a) File"
    )
    found = compare(steps)
    assert found == [
        (
            line_of(steps, "1. b) Clearance"),
            "error",
            "items are in another order than in the source: expected 'a' here, not 'b'",
        )
    ]


def test_missing_extra_and_reordered_questions():
    blocks = ENGLISH.split("\n## ")
    front, questions = blocks[0], blocks[1:]
    missing = "\n## ".join([front, *questions[:2], *questions[3:]])
    found = compare(missing)
    assert found == [
        (
            line_of(missing, "{#brand-protection"),
            "error",
            "question 'german-patent' is missing (it follows 'brand-protection' in the source)",
        )
    ]

    extra = ENGLISH + "\n## {#bonus type=truefalse}\nExtra?\n\n- [x] true)\n- [ ] false)\n"
    assert compare(extra) == [(line_of(extra, "{#bonus"), "error", "question 'bonus' is not in the source")]

    swapped = "\n## ".join([front, questions[1], questions[0], *questions[2:]])
    assert compare(swapped) == [
        (
            line_of(swapped, "{#brand-protection"),
            "error",
            "questions are in another order than in the source: expected 'first-to-file' here, not 'brand-protection'",
        )
    ]


def test_several_missing_questions_are_each_placed_by_their_own_source_neighbour():
    """Each missing question names the source question it follows, not the last translated one."""
    blocks = ENGLISH.split("\n## ")
    front, questions = blocks[0], blocks[1:]
    ids = [block.split("{#", 1)[1].split(" ", 1)[0] for block in questions]
    only_third = "\n## ".join([front, questions[2], *questions[4:]])
    assert compare(only_third) == [
        (
            line_of(only_third, "{#" + ids[2]),
            "error",
            f"question '{ids[0]}' is missing (it is the first question in the source)",
        ),
        (
            line_of(only_third, "{#" + ids[2]),
            "error",
            f"question '{ids[1]}' is missing (it follows '{ids[0]}' in the source)",
        ),
        (
            line_of(only_third, "{#" + ids[2]),
            "error",
            f"question '{ids[3]}' is missing (it follows '{ids[2]}' in the source)",
        ),
    ]


def test_missing_hint_or_explanation_is_a_warning():
    without = ENGLISH.replace(
        ":::hint\nThink of the principle the Chinese trademark office works by.\n:::\n", ""
    )
    assert compare(without) == [
        (
            line_of(without, "{#first-to-file"),
            "warning",
            "question 'first-to-file' has no hint; the source has one",
        )
    ]
    added = ENGLISH.replace("\n## {#service-class", ":::hint\nA hint.\n:::\n\n## {#service-class")
    assert compare(added) == [
        (line_of(added, "{#licence-fee"), "warning", "question 'licence-fee' has a hint; the source has none")
    ]


def test_front_matter_settings_belong_to_the_source():
    changed = ENGLISH.replace(
        "title: Basics – quiz\n", "title: Basics – quiz\nshuffle: false\npass_mark: 60\n"
    )
    found = compare(changed)
    assert found == [(1, "error", "shuffle differs from the source (true); it belongs in the source only")]


LOCALIZED_ZH = """## {#first-to-file type=single localized=true}
在德国，向商业伙伴赠送礼品时，哪项做法风险最低？

- [x] a) 价值不高、与业务相关的小礼品，并公开赠送
- [ ] b) 在签约前向采购负责人私下赠送贵重礼品
- [ ] c) 向医院医生赠送礼品以换取处方
- [ ] d) 以现金代替礼品

"""


def localized_english(question: str) -> str:
    """The English sample with its first question replaced by `question`."""
    start = ENGLISH.index("## {#first-to-file")
    end = ENGLISH.index("## {#brand-protection")
    return ENGLISH[:start] + question + ENGLISH[end:]


def test_a_localized_question_may_differ_in_text_options_and_keys():
    changed = localized_english(LOCALIZED_ZH)
    assert compare(changed) == []
    # the same question without the mark is a structural error (the key moved from b to a)
    unmarked = changed.replace(" localized=true", "")
    assert any(
        "option 'a' of question 'first-to-file' must be marked [ ]" in m for _, _, m in compare(unmarked)
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "type=single localized=true",
            "type=multiple localized=true",
            "type is multiple, the source has single",
        ),
        (
            "type=single localized=true",
            "type=single points=2 localized=true",
            "points is 2, the source has 1",
        ),
        (
            "type=single localized=true",
            "type=single shuffle=false localized=true",
            "shuffle is false, the source has not set",
        ),
    ],
)
def test_a_localized_question_keeps_type_points_and_scoring(old, new, message):
    changed = localized_english(LOCALIZED_ZH.replace(old, new))
    line = line_of(changed, "{#first-to-file")
    assert (line, "error", f"question 'first-to-file': {message}") in compare(changed)


def test_a_localized_question_keeps_the_scoring_of_a_multiple_question():
    changed = ENGLISH.replace(
        "{#nnn-agreement type=multiple scoring=partial-penalty shuffle=false}",
        "{#nnn-agreement type=multiple scoring=partial shuffle=false localized=true}",
    )
    found = compare(changed)
    line = line_of(changed, "{#nnn-agreement")
    assert found == [
        (line, "error", "question 'nnn-agreement': scoring is partial, the source has partial-penalty")
    ]


def test_localized_belongs_in_translations_only():
    source = SOURCE_PATH.read_text(encoding="utf-8").replace(
        "{#german-patent type=truefalse}", "{#german-patent type=truefalse localized=true}"
    )
    quiz, problems = parse_quiz(source, "quiz.de.md")
    assert problems == []
    assert [str(p) for p in check_source(quiz, "quiz.de.md")] == [
        f"quiz.de.md:{line_of(source, '{#german-patent')}: question 'german-patent': localized=true belongs "
        "in a translation's heading, not in the source"
    ]
