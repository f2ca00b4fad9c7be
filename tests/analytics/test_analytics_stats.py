"""Item statistics on small examples computed by hand."""

from __future__ import annotations

import math
import statistics

import pytest

from app.analytics.measures import differs, item_rest_correlation, language_flags, pearson, upper_lower_index
from app.analytics.stats import (
    AttemptRecord,
    QuestionSpec,
    first_attempts,
    localized_langs,
    question_cell,
    quiz_stats,
    specs_from_data,
)

Q1 = QuestionSpec("q1", "single", (("a", True), ("b", False), ("c", False)))
Q2 = QuestionSpec("q2", "truefalse", (("true", False), ("false", True)))
Q3 = QuestionSpec("q3", "multiple", (("a", True), ("b", True), ("c", False)))


def record(user, q1, q2, q3, responses=None, lang="de", number=1):  # type: ignore[no-untyped-def]
    results = {
        "q1": {"score": q1, "max": 1, "correct": q1 == 1},
        "q2": {"score": q2, "max": 1, "correct": q2 == 1},
        "q3": {"score": q3, "max": 2, "correct": q3 == 2},
    }
    return AttemptRecord(user, number, lang, 100 * (q1 + q2 + q3) / 4, results, responses or {})


#: q1 right for the first three; rest of the test (q2 + q3 points): 3, 2, 2, 1, 0.
RECORDS = [
    record(1, 1, 1, 2, {"q1": "a", "q2": "false", "q3": ["a", "b"]}),
    record(2, 1, 0, 2, {"q1": "a", "q2": "true", "q3": ["a", "b"]}),
    record(3, 1, 1, 1, {"q1": "a", "q2": "false", "q3": ["a"]}),
    record(4, 0, 1, 0, {"q1": "b", "q2": "false", "q3": ["c"]}),
    record(5, 0, 0, 0, {}),
]


def test_facility_is_the_mean_share_of_points():
    assert question_cell(Q1, RECORDS).facility == pytest.approx(3 / 5)
    assert question_cell(Q2, RECORDS).facility == pytest.approx(3 / 5)
    # partial credit counts: (2 + 2 + 1 + 0 + 0) / (5 * 2)
    cell = question_cell(Q3, RECORDS)
    assert cell.facility == pytest.approx(0.5)
    assert cell.full_credit == pytest.approx(2 / 5)
    assert cell.n == 5


def test_item_rest_correlation_by_hand():
    # item 1,1,1,0,0 (mean .6); rest 3,2,2,1,0 (mean 1.6):
    # Sxy = 2.2, Sxx = 1.2, Syy = 5.2  ->  r = 2.2 / sqrt(1.2 * 5.2)
    expected = 2.2 / math.sqrt(1.2 * 5.2)
    assert question_cell(Q1, RECORDS).item_rest == pytest.approx(expected)
    assert expected == pytest.approx(statistics.correlation([1, 1, 1, 0, 0], [3, 2, 2, 1, 0]))


def test_item_rest_leaves_the_item_out_of_the_total():
    item, own, totals = [1, 0, 1, 0], [1, 0, 1, 0], [3, 2, 2, 0]
    assert item_rest_correlation(item, totals, own) == pytest.approx(
        statistics.correlation(item, [2, 2, 1, 0])
    )
    assert item_rest_correlation(item, totals, own) != pytest.approx(statistics.correlation(item, totals))


def test_correlation_is_none_without_variation_or_data():
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1], [1]) is None
    assert pearson([], []) is None
    everyone_right = [record(u, 1, 1, 2) for u in range(5)]
    assert question_cell(Q1, everyone_right).item_rest is None


def test_pearson_matches_statistics_correlation():
    xs, ys = [0.0, 0.5, 1.0, 1.0, 0.0, 0.5], [2.0, 3.5, 4.0, 3.0, 1.0, 2.5]
    assert pearson(xs, ys) == pytest.approx(statistics.correlation(xs, ys))


def test_upper_lower_index():
    # n = 5: groups of round(1.35) = 1; best total is user 1 (q1 right), weakest user 5 (q1 wrong)
    assert question_cell(Q1, RECORDS).upper_lower == pytest.approx(1.0)
    # n = 10: groups of 3
    item = [1, 1, 1, 0, 1, 0, 1, 0, 0, 0]
    totals = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    assert upper_lower_index(item, totals) == pytest.approx(1.0 - 0.0)
    assert upper_lower_index([1, 0, 1, 0, 1, 1, 0, 0, 1, 0], totals) == pytest.approx(2 / 3 - 1 / 3)
    assert upper_lower_index([1], [1]) is None


def test_option_counts_single_and_multiple():
    single = question_cell(Q1, RECORDS)
    assert [(c.id, c.count, c.correct) for c in single.choices] == [
        ("a", 3, True),
        ("b", 1, False),
        ("c", 0, False),
    ]
    assert single.choices[0].share == pytest.approx(0.6)
    assert single.unanswered == 1
    multiple = question_cell(Q3, RECORDS)
    assert {c.id: c.count for c in multiple.choices} == {"a": 3, "b": 2, "c": 1}
    assert multiple.unanswered == 1


def test_unknown_or_malformed_responses_are_not_counted():
    records = [
        record(1, 0, 0, 0, {"q1": "zzz", "q3": "a"}),
        record(2, 0, 0, 0, {"q1": ["a"], "q3": {"a": 1}}),
    ]
    cell = question_cell(Q1, records)
    assert all(c.count == 0 for c in cell.choices) and cell.unanswered == 2
    assert all(c.count == 0 for c in question_cell(Q3, records).choices)


def _matching_record(user, response, score):  # type: ignore[no-untyped-def]
    return AttemptRecord(
        user, 1, "de", 0, {"m": {"score": score, "max": 2, "correct": score == 2}}, {"m": response}
    )


def test_matching_counts_per_left_item():
    spec = QuestionSpec(
        "m", "matching", pairs=(("a", "1", False), ("b", "2", False), ("c", "1", False), ("x", "3", True))
    )
    records = [
        _matching_record(1, {"a": "a", "b": "b", "c": "a"}, 2),
        _matching_record(2, {"a": "b", "b": "a", "c": "c"}, 0),
        _matching_record(3, {"a": "x"}, 0),
        _matching_record(4, None, 0),
    ]
    rows = {row.left: row for row in question_cell(spec, records).pairs}
    assert set(rows) == {"a", "b", "c"}  # the distractor is no row
    assert {c.id: c.count for c in rows["a"].choices} == {"a": 1, "b": 1, "x": 1}
    assert rows["a"].unanswered == 1 and rows["a"].right_share == pytest.approx(1 / 4)
    # c shares its right-hand text with a: choosing a is right for c
    assert rows["c"].right_share == pytest.approx(2 / 4)
    assert [c.correct for c in rows["c"].choices if c.id == "a"] == [True]


def test_ordering_share_fully_right_and_per_item():
    spec = QuestionSpec("o", "ordering", (("a", True), ("b", True), ("c", True)))

    def rec(user, placed):  # type: ignore[no-untyped-def]
        items = [{"id": i, "given": g, "right": i == g} for i, g in zip("abc", placed, strict=True)]
        right = sum(item["right"] for item in items)
        result = {"score": right / 3, "max": 1, "correct": right == 3, "items": items}
        return AttemptRecord(user, 1, "de", 0, {"o": result}, {"o": list(placed)})

    cell = question_cell(spec, [rec(1, "abc"), rec(2, "bac"), rec(3, "acb"), rec(4, "abc")])
    assert cell.full_credit == pytest.approx(0.5)
    assert {c.id: c.count for c in cell.choices} == {"a": 3, "b": 2, "c": 3}


def test_typed_answers_are_normalised_and_ranked():
    spec = QuestionSpec("t", "text")
    records = [
        AttemptRecord(u, 1, "de", 0, {"t": {"score": 1, "max": 1, "correct": True}}, {"t": answer})
        for u, answer in enumerate(["CNIPA", "  cnipa ", "SIPO", "", None])
    ]
    assert question_cell(spec, records).answers == (("cnipa", 2), ("sipo", 1))


def test_first_attempts_only_by_default():
    records = [record(1, 0, 0, 0, number=2), record(1, 1, 1, 2, number=1), record(2, 1, 0, 0, number=1)]
    assert [(r.user_id, r.number) for r in first_attempts(records)] == [(1, 1), (2, 1)]
    stats = quiz_stats([Q1], records)
    assert stats.n == 2 and stats.questions[0].overall.facility == pytest.approx(1.0)
    everything = quiz_stats([Q1], records, first_only=False)
    assert everything.n == 3 and everything.questions[0].overall.facility == pytest.approx(2 / 3)


# --- language flags ----------------------------------------------------------------------------------


def ones(n: int, right: int) -> list[float]:
    return [1.0] * right + [0.0] * (n - right)


def test_flag_for_the_language_that_differs_from_all_others():
    flags = language_flags({"de": ones(12, 10), "en": ones(12, 10), "zh": ones(12, 2)})
    assert [f.lang for f in flags] == ["zh"]
    flag = flags[0]
    assert flag.n == 12 and flag.facility == pytest.approx(2 / 12)
    assert flag.others == pytest.approx(20 / 24) and flag.others_n == 24
    assert flag.difference == pytest.approx(2 / 12 - 20 / 24)


def test_no_flag_below_the_minimum_number_of_attempts():
    assert language_flags({"de": ones(9, 9), "en": ones(9, 9), "zh": ones(9, 0)}) == ()
    # zh has enough, but only one other language has: with two languages both are flagged
    two = language_flags({"de": ones(10, 10), "en": ones(3, 3), "zh": ones(10, 0)})
    assert {f.lang for f in two} == {"de", "zh"}
    assert language_flags({"de": ones(40, 40), "zh": ones(40, 0)}, min_n=50) == ()


def test_a_difference_of_exactly_the_threshold_is_not_flagged():
    shares = {"de": ones(100, 80), "en": ones(100, 80), "zh": ones(100, 60)}
    assert language_flags(shares) == ()
    shares["zh"] = ones(100, 59)
    assert [f.lang for f in language_flags(shares)] == ["zh"]
    assert language_flags(shares, threshold=0.25) == ()


def test_a_large_but_insignificant_difference_is_not_flagged():
    # 0.7 vs 0.4 with n = 10: z = 0.3 / sqrt(0.2333 / 10 + 0.2667 / 10) = 1.34 < 1.96
    assert not differs(ones(10, 7), ones(10, 4))
    assert language_flags({"de": ones(10, 7), "en": ones(10, 7), "zh": ones(10, 4)}) == ()


def test_a_language_is_not_flagged_just_because_another_one_is_off():
    # de differs from zh, but not from en: only zh stands out
    flags = language_flags({"de": ones(20, 18), "en": ones(20, 15), "zh": ones(20, 3)})
    assert [f.lang for f in flags] == ["zh"]


def test_quiz_stats_per_language():
    records = [record(u, 1, 1, 2, {"q1": "a"}, lang="de") for u in range(10)]
    records += [record(100 + u, 1, 1, 2, {"q1": "a"}, lang="en") for u in range(10)]
    records += [record(200 + u, 0 if u < 8 else 1, 1, 2, {"q1": "b"}, lang="zh") for u in range(10)]
    stats = quiz_stats([Q1, Q2], records, langs=("de", "en", "zh"))
    assert stats.n == 30 and stats.n_by_lang == {"de": 10, "en": 10, "zh": 10}
    q1, q2 = stats.questions
    assert q1.by_lang["zh"].facility == pytest.approx(0.2)
    assert q1.flagged_langs == {"zh"} and not q2.flags
    assert {c.id: c.count for c in q1.by_lang["zh"].choices}["b"] == 10
    assert [(q.id, f.lang) for q, f in stats.flagged] == [("q1", "zh")]


def test_languages_not_offered_are_still_reported():
    stats = quiz_stats([Q1], [record(1, 1, 0, 0, lang="fr")], langs=("de",))
    assert stats.langs == ("de", "fr") and stats.n_by_lang == {"de": 0, "fr": 1}
    assert stats.questions[0].by_lang["de"].facility is None


def test_specs_from_stored_quiz_data():
    data = {
        "questions": [
            {"id": "s", "type": "single", "options": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
             "pairs": [], "order": []},
            {"id": "m", "type": "matching", "options": [],
             "pairs": [{"id": "a", "left_md": "A", "right_md": "1"}, {"id": "x", "left_md": "", "right_md": "9 "}],
             "order": []},
            {"id": "o", "type": "ordering", "options": [{"id": "a"}, {"id": "b"}], "pairs": [], "order": ["b", "a"]},
        ]
    }  # fmt: skip
    s, m, o = specs_from_data(data)
    assert s.options == (("a", True), ("b", False))
    assert m.pairs == (("a", "1", False), ("x", "9", True))
    assert o.options == (("b", True), ("a", True))


def test_a_localized_question_is_not_compared_across_languages():
    # q1 is a different question in zh (localized=true): zh learners "fail" it by the source's standard
    records = [record(u, 1, 1, 2, {"q1": "a"}, lang="de") for u in range(10)]
    records += [record(100 + u, 1, 1, 2, {"q1": "a"}, lang="en") for u in range(10)]
    records += [record(200 + u, 0, 1, 2, {"q1": "b"}, lang="zh") for u in range(10)]
    compared = quiz_stats([Q1, Q2], records, langs=("de", "en", "zh"))
    assert compared.questions[0].flagged_langs == {"zh"}  # what would happen without the mark

    stats = quiz_stats([Q1, Q2], records, langs=("de", "en", "zh"), localized={"q1": frozenset({"zh"})})
    q1, q2 = stats.questions
    assert q1.localized == {"zh"} and not q1.flags and not stats.flagged
    assert q1.by_lang["zh"].n == 0 and q1.by_lang["zh"].facility is None
    assert q1.overall.n == 20 and q1.overall.facility == 1.0  # zh attempts are left out of q1
    assert {c.id: c.count for c in q1.overall.choices} == {"a": 20, "b": 0, "c": 0}
    assert q2.localized == frozenset() and q2.overall.n == 30 and q2.by_lang["zh"].n == 10


def test_localized_questions_are_found_in_the_stored_texts():
    texts = {
        "en": {"questions": [{"id": "q1"}, {"id": "q2", "localized": False}]},
        "zh": {"questions": [{"id": "q1", "localized": True}, {"id": "q2"}]},
    }
    assert localized_langs(texts) == {"q1": frozenset({"zh"})}
