"""Moodle GIFT import and export, on files written like Moodle's own exports."""

import dataclasses
from pathlib import Path

import pytest

from app.content.quiz.gift import gift_to_quiz, quiz_to_gift
from app.content.quiz.gift_syntax import escape, moodle_weight, protect_escapes, restore_escapes
from app.content.quiz.model import MatchPair, NumericAnswer, TextAnswer
from app.content.quiz.parser import parse_quiz
from app.content.quiz.writer import quiz_to_markdown

DATA = Path(__file__).parents[1] / "data"
EXPORT = DATA / "quizzes" / "moodle-export.gift"
SAMPLE = DATA / "sample-course" / "sample" / "basics" / "quiz.de.md"


@pytest.fixture(scope="module")
def imported():
    quiz, problems = gift_to_quiz(EXPORT.read_bytes(), str(EXPORT))
    assert quiz is not None, [str(p) for p in problems]
    return quiz, problems


def by_id(quiz, question_id):
    return next(q for q in quiz.questions if q.id == question_id)


def test_import_reports_what_it_cannot_represent(imported):
    _, problems = imported
    assert [(p.line, p.severity) for p in problems] == [
        (2, "warning"),
        (6, "warning"),
        (59, "warning"),
        (69, "warning"),
        (71, "warning"),
    ]
    messages = [p.message for p in problems]
    assert (
        "category '$course$/top/Standard für IP-Grundlagen/Marken': the quiz takes its title 'Marken'"
        in messages[0]
    )
    assert "HTML was converted" in messages[1]
    assert "missing-word question" in messages[2]
    assert "essay question skipped" in messages[3]
    assert "description" in messages[4]


def test_import_keeps_category_as_title_and_ids_from_names(imported):
    quiz, _ = imported
    assert quiz.title == "Marken"
    assert [q.id for q in quiz.questions] == [
        "erstanmelder",
        "schutzmassnahmen",
        "nnn",
        "patent-territorial",
        "behoerde",
        "lizenzgebuehr",
        "dienstleistungsklasse",
        "ulysses",
        "schutzdauer",
        "q10",
        "escapes",
        "wahr",
    ]


def test_import_single_choice_from_html_with_feedback_and_general_feedback(imported):
    q = by_id(imported[0], "erstanmelder")
    assert (q.type, q.line) == ("single", 6)
    assert q.text_md == "Wer erhält in China grundsätzlich das Recht an einer **Marke**?"
    assert [(o.id, o.correct, o.line) for o in q.options] == [
        ("a", False, 7),
        ("b", True, 8),
        ("c", False, 9),
    ]
    assert q.options[1].feedback_md == "Richtig: China folgt dem Prinzip „first to file“."
    assert q.explanation_md == "Melden Sie Ihre Marke an, bevor Sie in den Markt gehen."


def test_import_weights_choose_the_scoring_rule(imported):
    protection = by_id(imported[0], "schutzmassnahmen")
    assert (protection.type, protection.scoring) == ("multiple", "partial")  # 33.33333% and -100%
    assert [o.correct for o in protection.options] == [True, True, True, False]
    nnn = by_id(imported[0], "nnn")
    assert (nnn.type, nnn.scoring) == ("multiple", "partial-penalty")  # 50% and -50%
    assert nnn.options[2].feedback_md == "Nein."


def test_import_truefalse_feedback_goes_to_the_right_option(imported):
    q = by_id(imported[0], "patent-territorial")
    true, false = q.options
    assert (true.id, true.correct, true.feedback_md) == (
        "true",
        False,
        "Nein, Patente wirken nur im Erteilungsland.",
    )
    assert (false.id, false.correct, false.feedback_md) == ("false", True, "Richtig.")
    assert [o.correct for o in by_id(imported[0], "wahr").options] == [True, False]


def test_import_short_answer_weights(imported):
    q = by_id(imported[0], "behoerde")
    assert q.text_answers == (
        TextAnswer("CNIPA", 1.0, "Richtig."),
        TextAnswer("SIPO", 0.5, "So hieß sie bis 2018."),
        TextAnswer("China National Intellectual Property Administration", 1.0, ""),
    )
    assert [a.line for a in q.text_answers] == [33, 34, 35]


def test_import_numeric_tolerances_ranges_and_weights(imported):
    quiz = imported[0]
    fee = by_id(quiz, "lizenzgebuehr")
    assert fee.text_md == "Eine Lizenzgebühr beträgt **3 %** von 1 250 000 CNY. Wie hoch ist sie?"
    assert fee.numeric_answers == (
        NumericAnswer("abs", value=37500.0, tol=1.0, feedback_md="Richtig."),
        NumericAnswer("abs", value=37500.0, tol=1875.0, score=0.5, feedback_md="Nah dran."),
    )
    assert by_id(quiz, "dienstleistungsklasse").numeric_answers == (
        NumericAnswer("range", low=35.0, high=45.0),
    )
    assert by_id(quiz, "ulysses").numeric_answers == (NumericAnswer("exact", value=1822.0),)


def test_import_matching_with_a_distractor(imported):
    q = by_id(imported[0], "schutzdauer")
    assert (q.type, q.scoring) == ("matching", "partial")
    assert q.pairs == (
        MatchPair("a", "Erfindungspatent", "20 Jahre"),
        MatchPair("b", "Gebrauchsmuster", "10 Jahre"),
        MatchPair("c", "Design", "15 Jahre"),
        MatchPair("d", "", "5 Jahre"),
    )


def test_import_missing_word_and_escapes(imported):
    quiz = imported[0]
    blank = by_id(quiz, "q10")
    assert blank.text_md == "Marken werden in China beim \\_\\_\\_\\_\\_ angemeldet."
    assert [o.correct for o in blank.options] == [True, False, False]
    escapes = by_id(quiz, "escapes")
    assert (
        escapes.text_md
        == "Ist 2 = 2? Antwort in {Klammern} : mit # und \\~ und ein Backslash \\\\ hier\nzweite Zeile"
    )


def test_imported_quiz_is_a_valid_quiz_file(imported):
    quiz = imported[0]
    again, problems = parse_quiz(quiz_to_markdown(quiz), quiz.path)
    assert problems == [] and again == quiz


BROKEN = [
    (3, "missing '{' or '}' around the answers"),
    (5, "cannot read the number(s) in 'zwölf:1'"),
    (7, "a multiple-choice question needs at least two answers"),
    (11, "a matching answer is written '=left -> right'"),
    (14, "single question 'zwei-richtige' has 2 correct options"),
]


def test_broken_gift_is_reported_with_line_numbers():
    path = DATA / "quizzes" / "broken.gift"
    quiz, problems = gift_to_quiz(path.read_text(encoding="utf-8"), str(path))
    assert quiz is None
    assert [
        (p.line, p.message[: len(message)]) for p, (_, message) in zip(problems, BROKEN, strict=True)
    ] == BROKEN


@pytest.mark.parametrize(
    ("gift", "message"),
    [
        ("Q{=a ~b}}", "one answer block"),
        ("Q{#}", "has no accepted answers"),
        ("Q{=%0%nothing#no}", "answer with weight 0 skipped"),
        ("Q{~%50%a ~%50%b ~c}", "Moodle gives credit for right answers even when wrong ones are ticked"),
        ("Q{~%70%a ~%30%b ~%-100%c}", "unequal weights"),
        ("Q{=a ~%50%b ~c}", "the weight 0.5 of answer 'b' cannot be expressed in a single-choice"),
        ("Q{#5 ~#any other}", "feedback for any other answer"),
        ("", "no question in this file could be converted"),
    ],
)
def test_gift_conversion_problems(gift, message):
    _, problems = gift_to_quiz(gift, "x.gift")
    assert any(message in p.message for p in problems), [str(p) for p in problems]


def test_gift_bytes_with_bad_encoding_are_refused():
    quiz, problems = gift_to_quiz("::Ä::Frage{T}".encode("latin-1"), "x.gift")
    assert quiz is None and "not UTF-8" in problems[0].message


def test_escape_round_trip():
    text = "a\\b ~ = # { } : and\nnew line \\n literal"
    assert restore_escapes(protect_escapes(escape(text))) == text


@pytest.mark.parametrize(
    ("fraction", "written"),
    [
        (1, "100"),
        (0.5, "50"),
        (1 / 3, "33.33333"),
        (-1 / 3, "-33.33333"),
        (1 / 6, "16.66667"),
        (1 / 7, "14.28571"),
        (0.125, "12.5"),
        (1 / 9, "11.11111"),
        (-1, "-100"),
        (1 / 11, None),
        (0.37, None),
    ],
)
def test_moodle_weights_are_on_the_grade_list(fraction, written):
    assert moodle_weight(fraction) == written


def test_export_writes_moodle_valid_weights_and_reports_what_gift_cannot_hold():
    quiz, _ = parse_quiz(SAMPLE.read_bytes(), str(SAMPLE))
    gift, problems = quiz_to_gift(quiz)
    assert "~%33.33333%Die Marke in lateinischen Buchstaben beim CNIPA anmelden" in gift  # partial: 3 right
    assert "~%-100%Sich auf die Unionsmarke verlassen, die das Unternehmen bereits eingetragen hat" in gift
    assert "~%-33.33333%Die Höhe der Lizenzgebühren" in gift  # partial-penalty
    assert "=%50%SIPO#Fast\\: So hieß die Behörde bis 2018. Heute heißt sie CNIPA." in gift
    assert "=%50%37500:1875#Nah dran." in gift  # 5% of 37500 as an absolute tolerance
    assert "=35..45#" in gift
    assert "{FALSE#Nein\\: Patente wirken" in gift
    assert "\t= -> 5 Jahre, nicht verlängerbar" in gift
    assert "trademark-steps" not in gift
    warnings = {p.line: p.message for p in problems}
    assert all(p.severity == "warning" for p in problems)
    assert "skipped: GIFT has no ordering questions" in warnings[line_of(SAMPLE, "{#trademark-steps")]
    assert (
        "the hint" in warnings[line_of(SAMPLE, "{#first-to-file")]
        and "{pin}" in warnings[line_of(SAMPLE, "{#first-to-file")]
    )
    assert "relative tolerance 5%" in warnings[line_of(SAMPLE, "= 37500 +- 5%")]
    assert "points=2" in warnings[line_of(SAMPLE, "{#brand-protection")]


def test_export_reports_weights_moodle_refuses():
    options = "".join(f"- [x] o{i}) Option {i}\n" for i in range(11)) + "- [ ] z) Wrong\n"
    quiz, _ = parse_quiz(
        f"---\ntitle: T\n---\n## {{#many type=multiple scoring=partial}}\nQ\n{options}", "q.md"
    )
    gift, problems = quiz_to_gift(quiz)
    assert "many" not in gift.split("\n", 2)[2]
    assert [(p.severity, p.line) for p in problems] == [("error", 4)]


def test_round_trip_ours_to_gift_to_ours_keeps_the_structure():
    quiz, _ = parse_quiz(SAMPLE.read_bytes(), str(SAMPLE))
    gift, _ = quiz_to_gift(quiz)
    back, problems = gift_to_quiz(gift, "sample.gift")
    assert back is not None, [str(p) for p in problems]
    exported = [q for q in quiz.questions if q.type != "ordering"]
    assert [q.id for q in back.questions] == [q.id for q in exported]
    for original, converted in zip(exported, back.questions, strict=True):
        assert converted.type == original.type
        assert converted.text_md == original.text_md
        assert converted.explanation_md == original.explanation_md
        assert [(o.id, o.correct, o.text_md, o.feedback_md) for o in converted.options] == [
            (o.id, o.correct, o.text_md, o.feedback_md) for o in original.options
        ]
        assert converted.text_answers == original.text_answers
        if original.type == "numeric":
            assert [(a.low, a.high, a.score) for a in converted.numeric_answers] == [
                (a.low, a.high, a.score) for a in original.numeric_answers
            ]
        assert [(p.left_md, p.right_md) for p in converted.pairs] == [
            (p.left_md, p.right_md) for p in original.pairs
        ]
        if original.type in ("multiple", "matching"):
            assert converted.scoring == original.scoring


def test_round_trip_of_exact_and_absolute_numeric_answers():
    quiz, _ = parse_quiz(
        "---\ntitle: T\n---\n## {#n type=numeric}\nQ\n= 3\n= 3.5 +- 0.25 {score=0.5}\n= -2 +- 0\n", "q.md"
    )
    back, _ = gift_to_quiz(quiz_to_gift(quiz)[0], "q.gift")
    assert back.questions[0].numeric_answers == quiz.questions[0].numeric_answers


def line_of(path, fragment):
    text = path.read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("gift", "true_correct", "true_feedback", "false_feedback"),
    [
        ("Q{T}", True, "", ""),
        ("Q{TRUE#wrong#right}", True, "right", "wrong"),
        ("Q{F#wrong#right}", False, "wrong", "right"),
        ("Q{FALSE}", False, "", ""),
    ],
)
def test_truefalse_variants(gift, true_correct, true_feedback, false_feedback):
    quiz, problems = gift_to_quiz(gift, "x.gift")
    assert problems == []
    true, false = quiz.questions[0].options
    assert (true.correct, true.feedback_md, false.correct, false.feedback_md) == (
        true_correct,
        true_feedback,
        not true_correct,
        false_feedback,
    )


def test_plain_format_is_escaped_and_markdown_is_guarded():
    quiz, problems = gift_to_quiz(
        "::p::[plain]2*3 = _six_?{=6 ~5}\n\n::m::[markdown]Text\\n## not a heading{=a ~b}", "x.gift"
    )
    assert problems == []
    assert quiz.questions[0].text_md == "2\\*3 = \\_six\\_?"
    assert quiz.questions[1].text_md == "Text\n\\## not a heading"


def test_several_equals_answers_give_a_single_choice_with_each_of_them_correct():
    """Moodle reads `=` in a multiple-choice question as single answer, each `=` answer worth 100 %."""
    quiz, problems = gift_to_quiz(
        "::amt::Welche Behörde?{=CNIPA =Nationales Amt für geistiges Eigentum ~SAMR}", "x.gift"
    )
    assert quiz is not None, [str(p) for p in problems]
    q = quiz.questions[0]
    assert q.type == "single"
    assert [(o.text_md, o.correct) for o in q.options] == [
        ("CNIPA", True),
        ("Nationales Amt für geistiges Eigentum", True),
        ("SAMR", False),
    ]
    assert [(p.line, p.severity) for p in problems] == [(1, "warning")]
    assert "any one of them gives full points" in problems[0].message
    gift, notes = quiz_to_gift(quiz)
    assert notes == [] and "\t=CNIPA\n\t=Nationales Amt für geistiges Eigentum\n\t~SAMR" in gift
    again, _ = gift_to_quiz(gift, "y.gift")
    assert again.questions == quiz.questions


def test_format_prefix_of_short_and_numeric_answers_is_not_part_of_the_answer():
    """Moodle strips `[markdown]` and the like from every answer; kept, nobody could type the answer."""
    quiz, problems = gift_to_quiz(
        "::amt::Welche Behörde?{=[markdown]CNIPA =%50%[plain]SIPO#[markdown]*Alt*}\n\n"
        "::jahr::Seit wann?{#=[moodle]2018:1}\n\n::kein::Unbekannt?{=[foo]bar}",
        "x.gift",
    )
    assert problems == [], [str(p) for p in problems]
    amt, jahr, kein = quiz.questions
    assert amt.text_answers == (TextAnswer("CNIPA"), TextAnswer("SIPO", 0.5, "*Alt*"))
    assert jahr.numeric_answers == (NumericAnswer("abs", value=2018.0, tol=1.0),)
    assert kein.text_answers == (TextAnswer("[foo]bar"),)  # not a format: Moodle keeps it too


ARROWS = """---
title: Pfeile
---

## {#weg type=text}
Wie läuft eine Markenanmeldung? (Kurzform)

= Anmeldung -> Prüfung -> Eintragung
  > Richtig: Anmeldung -> Prüfung -> Eintragung.
= Anmeldung->Eintragung {score=0.5}

## {#wahl type=single}
Welche Reihenfolge stimmt?

- [x] a) Anmeldung -> Eintragung
  > Ja -> so.
- [ ] b) Eintragung -> Anmeldung

## {#paare type=matching scoring=partial}
Ordnen Sie zu.

| id | Schritt | Folge |
|----|----|----|
| a | Anmeldung -> Prüfung | Bescheid -> Antwort |
| b | Eintragung | Urkunde |
"""


def test_arrows_in_answers_survive_export_and_import():
    """GIFT reads `=… -> …` as a matching question; our export writes `-\\>` in answers, so that the
    export of a short answer containing '->' is read back as the same short answer."""
    quiz, problems = parse_quiz(ARROWS, "pfeile.md")
    assert quiz is not None, [str(p) for p in problems]
    gift, notes = quiz_to_gift(quiz)
    assert "=Anmeldung -\\> Prüfung -\\> Eintragung" in gift
    assert [(n.line, n.severity) for n in notes] == [(8, "warning"), (10, "warning"), (19, "warning")]
    assert "Moodle keeps the backslash" in notes[0].message
    assert "column titles" in notes[2].message
    back, problems = gift_to_quiz(gift, "pfeile.gift")
    assert back is not None, [str(p) for p in problems]
    without_titles = [dataclasses.replace(q, match_headers=("", "")) for q in quiz.questions]
    assert list(back.questions) == without_titles


def test_quiz_title_travels_as_moodle_category():
    """GIFT has no quiz title; the export writes it as Moodle's `$CATEGORY:` and the import reads it back."""
    quiz, _ = parse_quiz(SAMPLE.read_bytes(), str(SAMPLE))
    quiz = dataclasses.replace(quiz, title="Marken / Patente: Quiz")
    gift, notes = quiz_to_gift(quiz)
    assert "\n$CATEGORY: $course$/top/Marken // Patente: Quiz\n\n" in gift
    assert not [n for n in notes if "quiz title" in n.message or "category" in n.message]
    back, problems = gift_to_quiz(gift, "export.gift")
    assert back.title == "Marken / Patente: Quiz"
    assert not [p for p in problems if "categor" in p.message]  # nothing lost: no warning


def test_a_second_category_is_reported():
    quiz, problems = gift_to_quiz("$CATEGORY: Marken\n\nQ{T}\n\n$CATEGORY: Patente\n\nR{F}", "x.gift")
    assert quiz.title == "Marken" and len(quiz.questions) == 2
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (5, "warning", "category 'Patente' ignored: all questions go into one quiz, titled 'Marken'")
    ]
