"""Quiz-quality warnings of `flask courses check`, each on its file and line (docs/authoring.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.courses.checker import check_path
from app.courses.revision import source_rev

FRONT = "---\ntitle: Quiz\n---\n"


def single(
    qid: str, key: str, distractors: list[str], key_at: int = 1, hint: str = "", text: str = "Frage?"
) -> str:
    """A single-choice question; the key is option number `key_at` (0-based) in source order."""
    options = list(distractors)
    options.insert(key_at, key)
    letters = "abcdefgh"
    lines = [f"- [{'x' if i == key_at else ' '}] {letters[i]}) {o}" for i, o in enumerate(options)]
    block = f"\n:::hint\n{hint}\n:::\n" if hint else ""
    return f"\n## {{#{qid} type=single}}\n{text}\n\n" + "\n".join(lines) + "\n" + block


def truefalse(qid: str, true: bool) -> str:
    return f"\n## {{#{qid} type=truefalse}}\nStimmt das?\n\n- [{'x' if true else ' '}] true)\n- [{' ' if true else 'x'}] false)\n"


def quiz(*questions: str) -> str:
    return FRONT + "".join(questions)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def english(source: str, text: str | None = None) -> str:
    """A translation naming the source's revision (the text itself, unless another is given)."""
    body = (text or source).replace(
        "title: Quiz\n", f"title: Quiz\nsource_rev: {source_rev(source.encode())}\n"
    )
    return body


def cues(folder: Path) -> list[str]:
    """The cue warnings, with paths relative to the course folder."""
    found = [str(p).removeprefix(f"{folder}/") for p in check_path(folder)]
    return [p for p in found if "translation" not in p]


@pytest.fixture
def course(make_course):
    """Build the demo course with `basics` quizzes (de source and en translation) and optional changes."""

    def build(de: str, en: str | None = None, advanced: str | None = None) -> Path:
        files = {"basics/quiz.de.md": de, "basics/quiz.en.md": en or english(de)}
        if advanced is not None:
            files.update({"advanced/quiz.de.md": advanced, "advanced/quiz.en.md": english(advanced)})
        return make_course(files)

    return build


SAME = ["Eine Antwort gleicher Länge", "Noch eine Antwort gleicher Art"]
LONG_KEY = "Eine sehr viel längere, sorgfältig eingeschränkte und ausführlich begründete Antwort"


# (a) the correct option is the longest -------------------------------------------------------------------


def test_clearly_longest_keys_in_more_than_a_third_are_reported_per_question_and_on_line_1(course):
    de = quiz(
        single("q1", LONG_KEY, SAME, key_at=0),
        single("q2", LONG_KEY, SAME, key_at=2),
        single("q3", "Kurz", SAME, key_at=1),
    )
    found = cues(course(de))
    assert found == [
        "basics/quiz.de.md:1: warning: in 2 of 3 choice questions the correct option is the longest, in 2 more "
        "than 1.5× as long as every distractor (more than a third is a cue: a reader can pick the longest option "
        "without having read the module): q1, q2",
        f"basics/quiz.de.md:{line_of(de, '{#q1')}: warning: question 'q1': the correct option is 2.80× as long as "
        "the longest distractor (write distractors as long and as specific as the key)",
        f"basics/quiz.de.md:{line_of(de, '{#q2')}: warning: question 'q2': the correct option is 2.80× as long as "
        "the longest distractor (write distractors as long and as specific as the key)",
    ]


def test_keys_that_are_merely_longest_in_most_questions_get_the_summary_only(course):
    de = quiz(
        single("q1", "Noch eine Antwort gleicher Art!", SAME, key_at=0),
        single("q2", "Noch eine Antwort gleicher Art?", SAME, key_at=2),
        single("q3", "Kurz", SAME, key_at=1),
    )
    found = cues(course(de))
    assert len(found) == 1 and found[0].startswith(
        "basics/quiz.de.md:1: warning: in 2 of 3 choice questions the correct option is the longest, in 0 more"
    )


def test_one_long_key_in_three_questions_is_no_cue(course):
    de = quiz(
        single("q1", LONG_KEY, SAME, key_at=0),
        single("q2", "Kurz", SAME, key_at=2),
        single("q3", "Kurz", SAME, key_at=1),
    )
    assert cues(course(de)) == []


def test_multiple_choice_compares_the_keys_mean_length(course):
    de = quiz(
        "\n## {#m1 type=multiple}\nWelche?\n\n- [x] a) "
        + LONG_KEY
        + "\n- [x] b) Kurz\n- [ ] c) Mittellange Antwort\n",
        "\n## {#m2 type=multiple}\nWelche?\n\n- [x] a) "
        + LONG_KEY
        + "\n- [x] b) "
        + LONG_KEY
        + "\n- [ ] c) Kurz\n",
    )
    found = cues(course(de))
    # m1: mean key length 44 is 2.3× its distractor; m2: 21×
    assert [p.split(": warning: ")[0] for p in found] == [
        "basics/quiz.de.md:1",
        f"basics/quiz.de.md:{line_of(de, '{#m1')}",
        f"basics/quiz.de.md:{line_of(de, '{#m2')}",
    ]


# (f) the key's position in source order ------------------------------------------------------------------


def test_keys_at_one_position_in_more_than_60_percent_of_four_questions(course):
    de = quiz(*(single(f"q{i}", "Antwort", SAME, key_at=1 if i < 3 else 0) for i in range(4)))
    found = cues(course(de))
    assert found == [
        "basics/quiz.de.md:1: warning: 3 of 4 single-choice questions have their correct option in position 2 "
        "(more than 60 %): vary the key's position in source order (shuffling hides it from learners, not from "
        "the habit)",
        "course.yaml:1: warning: 3 of 4 single-choice questions of the course have their correct option in "
        "position 2 (more than 60 %): vary the key's position in source order",
    ]


def test_spread_keys_or_fewer_than_four_questions_are_no_cue(course):
    spread = quiz(*(single(f"q{i}", "Antwort", SAME, key_at=i % 3) for i in range(4)))
    assert cues(course(spread)) == []


def test_key_position_counts_across_the_course(course):
    de = quiz(*(single(f"q{i}", "Antwort", SAME, key_at=1) for i in range(2)))
    advanced = quiz(*(single(f"r{i}", "Antwort", SAME, key_at=1) for i in range(2)))
    folder = course(de, advanced=advanced)
    assert cues(folder) == [
        "course.yaml:1: warning: 4 of 4 single-choice questions of the course have their correct option in "
        "position 2 (more than 60 %): vary the key's position in source order"
    ]


# (b) true/false balance across the course -----------------------------------------------------------------


def test_true_false_keys_unbalanced_across_the_course(course):
    de = quiz(truefalse("t1", False), truefalse("t2", False), truefalse("t3", True))
    advanced = quiz(truefalse("t4", False))
    folder = course(de, advanced=advanced)
    assert cues(folder) == [
        "course.yaml:1: warning: 3 of 4 true/false questions of the course are keyed 'false' (more than 70 %): a "
        "reader who always answers 'false' passes them; balance the keys "
        "(basics/quiz.de.md:5, basics/quiz.de.md:11, advanced/quiz.de.md:5)"
    ]


def test_balanced_or_few_true_false_questions_are_no_cue(course):
    assert cues(course(quiz(truefalse("t1", False), truefalse("t2", False), truefalse("t3", False)))) == []
    balanced = quiz(*(truefalse(f"t{i}", i % 2 == 0) for i in range(6)))
    assert cues(course(balanced)) == []


# (c) a hint that repeats the answer ------------------------------------------------------------------------


def test_a_hint_with_the_keys_words_is_reported_on_its_question(course):
    de = quiz(
        single(
            "authority",
            "Die Nationale Gesundheitskommission",
            ["Das Ministerium für Wissenschaft und Technik", "Die staatliche Marktaufsichtsbehörde"],
            hint="Es ist die Behörde, die auch für das Gesundheitswesen zuständig ist.",
            text="Welche Behörde ist zuständig?",
        ),
        single("fine", "Antwort", SAME, key_at=0, hint="Denken Sie an das Prinzip."),
    )
    assert cues(course(de)) == [
        f"basics/quiz.de.md:{line_of(de, '{#authority')}: warning: question 'authority': the hint repeats words of "
        "the correct answer ('gesund'): help the reasoning without naming the answer"
    ]


def test_hint_words_shared_with_the_question_or_a_distractor_do_not_count(course):
    de = quiz(
        single(
            "mark",
            "Wer die Marke zuerst beim CNIPA anmeldet",
            ["Wer die Marke zuerst in China benutzt hat", "Wer die Marke früher in Deutschland anmeldet"],
            hint="Denken Sie daran, wer die Marke zuerst hat.",
            text="Wer erhält das Recht an einer Marke?",
        )
    )
    assert cues(course(de)) == []


def test_chinese_hints_are_compared_by_character_pairs(course):
    zh = quiz(
        single(
            "authority",
            "国家卫生健康委",
            ["科学技术部", "国家市场监督管理总局"],
            hint="这个部门同时主管卫生健康事业和医院。",
            text="哪个部门负责人类遗传资源管理？",
        )
    )
    folder = course(zh)
    found = cues(folder)
    assert found == [
        f"basics/quiz.de.md:{line_of(zh, '{#authority')}: warning: question 'authority': the hint repeats words of "
        "the correct answer ('健康', '卫生', '生健'): help the reasoning without naming the answer"
    ]


def test_a_text_questions_accepted_answer_counts_as_the_key(course):
    de = quiz(
        "\n## {#office type=text}\nWie heißt die Behörde?\n\n= CNIPA\n= China National Intellectual Property "
        "Administration\n\n:::hint\nDie Abkürzung beginnt mit CNIPA.\n:::\n"
    )
    assert cues(course(de)) == [
        f"basics/quiz.de.md:{line_of(de, '{#office')}: warning: question 'office': the hint repeats words of the "
        "correct answer ('cnipa'): help the reasoning without naming the answer"
    ]


# (d) all / none of the above --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    ["Keine der genannten", "Alle oben genannten", "alle der genannten Antworten", "None of the above",
     "All of the above", "以上都对", "以上都不对", "以上皆是", "以上均不正确"],
)  # fmt: skip
def test_all_or_none_of_the_above_in_any_language(course, option):
    de = quiz(single("q1", "Antwort eins", ["Antwort zwei", option], key_at=0))
    en = english(de, quiz(single("q1", "Answer one", ["Answer two", "Answer three"], key_at=0)))
    found = cues(course(de, en))
    assert found == [
        f"basics/quiz.de.md:{line_of(de, option)}: warning: option 'c' of question 'q1' reads like 'all/none of the "
        "above': it tests elimination, not knowledge; write a real alternative"
    ]


def test_a_translation_is_checked_for_all_or_none_of_the_above_too(course):
    de = quiz(single("q1", "Antwort eins", ["Antwort zwei", "Antwort drei"], key_at=0))
    en = english(de, quiz(single("q1", "Answer one", ["Answer two", "None of the above"], key_at=0)))
    assert [p.split(": warning: ")[0] for p in cues(course(de, en))] == [
        f"basics/quiz.en.md:{line_of(en, 'None')}"
    ]


# (e) certificate with unlimited immediate retakes ---------------------------------------------------------


def test_certificate_with_unlimited_immediate_retakes(make_course):
    from tests.courses.course_files import COURSE_YAML

    simple = quiz(single("q1", "Antwort", SAME, key_at=0))
    files = {"basics/quiz.de.md": simple, "basics/quiz.en.md": english(simple)}
    unlimited = COURSE_YAML.replace("retake_wait_minutes: 30\n", "") + "attempts: 0\n"
    folder = make_course({**files, "course.yaml": unlimited})
    assert cues(folder) == [
        f"course.yaml:{line_of(unlimited, 'attempts: 0')}: warning: the course issues a certificate and allows unlimited attempts with no waiting "
        "time (attempts: 0, retake_wait_minutes: 0): a learner can retry until the answers stick; limit attempts "
        "or set retake_wait_minutes"
    ]
    limited = make_course({**files, "course.yaml": unlimited.replace("attempts: 0", "attempts: 3")})
    assert cues(limited) == []
    no_certificate = make_course(
        {**files, "course.yaml": unlimited.replace("enabled: true", "enabled: false")}
    )
    assert cues(no_certificate) == []


# localised questions are analysed in their own language ----------------------------------------------------


def test_a_localized_question_is_analysed_in_its_translation(course):
    de = quiz(
        single("q1", LONG_KEY, SAME, key_at=0),
        single("q2", "Kurz", SAME, key_at=1),
        single("q3", "Kurz", SAME, key_at=2, hint="Denken Sie nach."),
    )
    assert cues(course(de)) == []  # 1 of 3 clearly longest: not more than a third
    en = english(
        de,
        quiz(
            single(
                "q1",
                "A much longer, carefully qualified answer with all its reasons",
                ["Short one", "Short two"],
                key_at=0,
            ),
            single(
                "q2",
                LONG_KEY,
                ["Short one", "Short two"],
                key_at=1,
                hint="Eine längere, sorgfältig eingeschränkte Antwort",
            ),
            # q3 is not localised, so its hint (which gives the answer away) is not analysed here
            single("q3", "Kurz", ["Eine Antwort", "Noch eine"], key_at=2, hint="Kurz, kurz"),
        ).replace("{#q2 type=single}", "{#q2 type=single localized=true}"),
    )
    found = cues(course(de, en))
    q2 = line_of(en, "{#q2")
    assert found == [
        "basics/quiz.en.md:1: warning: in 2 of 3 choice questions the correct option is the longest, in 2 more "
        "than 1.5× as long as every distractor (more than a third is a cue: a reader can pick the longest option "
        "without having read the module): q2",
        f"basics/quiz.en.md:{q2}: warning: question 'q2': the correct option is 9.33× as long as the longest "
        "distractor (write distractors as long and as specific as the key)",
        f"basics/quiz.en.md:{q2}: warning: question 'q2': the hint repeats words of the correct answer ('antwor', "
        "'einges', 'länger', 'sorgfä'): help the reasoning without naming the answer",
    ]


# flask courses cues --------------------------------------------------------------------------------------------


def test_cues_command_prints_the_figures_per_quiz_and_course(runner, course):
    de = quiz(
        single("q1", LONG_KEY, SAME, key_at=0),
        single("q2", "Noch eine Antwort gleicher Art!", SAME, key_at=1),
        single("q3", "Kurz", SAME, key_at=1),
        truefalse("t1", False),
    )
    advanced = quiz(single("r1", "Kurz", SAME, key_at=2), truefalse("t2", True), truefalse("t3", False))
    folder = course(de, advanced=advanced)
    result = runner.invoke(args=["courses", "cues", str(folder)])
    assert result.exit_code == 0, result.output
    rows = [line.split("  ") for line in result.output.splitlines()]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert cells[0] == [
        "quiz", "lang", "choice", "key longest", "key >1.5×", "single", "key at position 1..4", "t/f keys true/false",
    ]  # fmt: skip
    assert cells[2] == ["demo/basics", "de", "3", "2/3 (67%)", "1/3 (33%)", "3", "1 2 0 0", "0/1"]
    assert cells[3] == ["demo/advanced", "de", "1", "0/1 (0%)", "0/1 (0%)", "1", "0 0 1 0", "1/1"]
    assert cells[5] == ["demo (all quizzes)", "4", "2/4 (50%)", "1/4 (25%)", "4", "1 2 1 0", "1/2"]
    assert cells[6][0] == "all courses"


def test_cues_command_says_when_courses_are_left_out(runner, course):
    folder = course(quiz(single("q1", "Kurz", SAME, key_at=0)).replace("type=single", "type=singel"))
    result = runner.invoke(args=["courses", "cues", str(folder)])
    assert result.exit_code == 1
    assert "2 error(s): courses with errors are not in the table" in result.output  # de and en
