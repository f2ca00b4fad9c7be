"""The measurements behind the quiz-quality warnings, on single questions."""

import pytest

from app.content.quiz.cues import hint_overlap, key_position, key_ratio, quiz_figures
from app.content.quiz.model import Option, Question, TextAnswer
from app.content.quiz.wording import length, stands_for_others, terms


def choice(kind: str, *options: tuple[str, bool], hint: str = "", text: str = "Frage?") -> Question:
    return Question(
        "q", kind, text_md=text, hint_md=hint,
        options=tuple(Option(chr(97 + i), t, c) for i, (t, c) in enumerate(options)),
    )  # fmt: skip


def test_length_counts_what_the_reader_sees():
    assert length("**Die** `CNIPA`  [prüft](https://x)") == len("Die CNIPA prüft")
    assert length("国家知识产权局") == 7


def test_terms_stem_german_words_and_pair_chinese_characters():
    assert terms("Wer die Marke zuerst anmeldet") == {"marke", "zuerst", "anmeld"}
    assert "anmeld" in terms("die Anmeldung")
    assert terms("国家卫生健康委") == {"国家", "家卫", "卫生", "生健", "健康", "康委"}
    assert terms("Die CNIPA (国家知识产权局)") >= {"cnipa", "知识", "产权"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Keine der genannten", True), ("alle oben genannten", True), ("None of the above", True),
     ("以上都不是", True), ("以上说法均正确", True), ("员工500人以上均需申报", False),
     ("Alle Mitarbeiter in China", False), ("Keine Anmeldung nötig", False)],
)  # fmt: skip
def test_all_or_none_of_the_above(text, expected):
    assert stands_for_others(text) is expected


def test_key_ratio_single_and_multiple():
    assert key_ratio(choice("single", ("abcdef", True), ("abc", False), ("ab", False))) == 2
    # multiple: the keys' mean length (6 + 2) / 2 = 4 against the longest distractor (2)
    assert key_ratio(choice("multiple", ("abcdef", True), ("ab", True), ("ab", False))) == 2
    assert key_ratio(choice("multiple", ("abc", True), ("abc", True))) is None  # no distractor
    assert key_ratio(choice("truefalse", ("", True), ("", False))) is None


def test_key_position_and_figures():
    questions = [
        choice("single", ("kurz", False), ("eine lange Antwort", True)),
        choice("single", ("eine lange Antwort", True), ("kurz", False)),
        choice("truefalse", ("", False), ("", True)),
    ]
    assert [key_position(q) for q in questions] == [1, 0, None]
    figures = quiz_figures(questions)
    assert (figures.choice, figures.longest, figures.clearly_longest, figures.single) == (2, 2, 2, 2)
    assert (figures.true_keys, figures.false_keys) == (0, 1)  # option ids 'a'/'b' here, not 'true'


def test_hint_overlap_uses_only_the_keys_distinguishing_terms():
    q = choice(
        "single",
        ("Beim CNIPA anmelden", True),
        ("Beim DPMA anmelden", False),
        hint="Die chinesische Behörde heißt CNIPA.",
        text="Wo melden Sie an?",
    )
    assert hint_overlap(q) == (1.0, ["cnipa"])  # 'anmeld' is shared with a distractor
    text = Question("t", "text", text_md="Welche Behörde?", hint_md="Sie beginnt mit CN.",
                    text_answers=(TextAnswer("CNIPA"), TextAnswer("SIPO", 0.5)))  # fmt: skip
    assert hint_overlap(text) == (0.0, [])
