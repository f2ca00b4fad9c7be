"""Score distribution and reliability (app/analytics/scores.py), checked against figures worked by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from app.analytics.queries import default_revision
from app.analytics.scores import bands, cronbach_alpha, summarise, summarise_by_lang
from app.courses.models import QuizRevision


@dataclass
class Record:
    percent: float
    lang: str = "de"
    results: dict[str, dict[str, Any]] = field(default_factory=dict)


def record(points: list[float], lang: str = "de") -> Record:
    results = {f"q{i}": {"score": p, "max": 1} for i, p in enumerate(points, start=1)}
    return Record(100 * sum(points) / len(points), lang, results)


# q1: 1 1 0 0 · q2: 1 0 1 0 · q3: 1 1 1 0 → totals 3 2 2 0, σ² = 1.1875, Σ p·q = 0.6875
WORKED = [[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 0]]
WORKED_ALPHA = 1.5 * (1 - 0.6875 / 1.1875)  # 0.6316


def test_alpha_of_a_worked_example_is_kr20():
    items = [list(column) for column in zip(*WORKED, strict=True)]
    assert cronbach_alpha(items) == pytest.approx(WORKED_ALPHA)
    assert round(WORKED_ALPHA, 4) == 0.6316


def test_alpha_of_partial_credit_items():
    # two items with partial points; totals 0, 1.5, 3: σ²(total) = 1.5, σ²(items) = 0.375 each → α = 1
    assert cronbach_alpha([[0, 0.75, 1.5], [0, 0.75, 1.5]]) == pytest.approx(1.0)
    # items that contradict each other make α negative, which is reported as it is:
    # totals 2 2 2 1, σ² = 0.1875, Σ σ²(item) = 0.6875 → α = 1.5 · (1 − 3.667) = −4
    assert cronbach_alpha([[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 1, 0]]) == pytest.approx(-4.0)


def test_alpha_is_undefined_without_spread_or_with_one_question():
    assert cronbach_alpha([[1, 1, 1], [0, 0, 0]]) is None  # every total the same
    assert cronbach_alpha([[0, 1, 1]]) is None


def test_summary_figures():
    records = [record(points) for points in WORKED]
    summary = summarise(records, ["q1", "q2", "q3"], min_n=4)
    assert summary.n == 4
    assert summary.mean == pytest.approx(700 / 12)  # (100 + 66.7 + 66.7 + 0) / 4
    assert summary.median == pytest.approx(200 / 3)
    assert summary.sd == pytest.approx(41.9435, abs=1e-4)  # sample standard deviation: √(5277.8 / 3)
    assert summary.alpha == pytest.approx(WORKED_ALPHA)


def test_alpha_needs_enough_attempts():
    records = [record(points) for points in WORKED]
    assert summarise(records, ["q1", "q2", "q3"]).alpha is None  # 4 < 10
    assert summarise([], ["q1"]).mean is None and summarise([], ["q1"]).sd is None


def test_bands_put_full_marks_in_the_top_band():
    assert bands([0, 9.99, 10, 55, 99.5, 100]) == (
        (0, 2), (10, 1), (20, 0), (30, 0), (40, 0), (50, 1), (60, 0), (70, 0), (80, 0), (90, 2),
    )  # fmt: skip


def test_per_language_summaries_use_only_that_language():
    records = [record(p, "de") for p in WORKED] + [record([1, 1, 1], "zh")]
    by_lang = summarise_by_lang(records, ["q1", "q2", "q3"], ["de", "en", "zh"], min_n=4)
    assert by_lang["de"].n == 4 and by_lang["de"].alpha == pytest.approx(WORKED_ALPHA)
    assert by_lang["en"].n == 0 and by_lang["en"].mean is None
    assert by_lang["zh"].n == 1 and by_lang["zh"].mean == 100


def test_the_default_revision_is_the_latest_with_attempts():
    old = QuizRevision(number=1, status="superseded")
    current = QuizRevision(number=2, status="published")
    draft = QuizRevision(number=3, status="draft")
    assert default_revision([(old, 40), (current, 0)]) is old  # just published: nobody took it yet
    assert default_revision([(old, 40), (current, 3)]) is current
    assert default_revision([(old, 0), (current, 0), (draft, 0)]) is current
    assert default_revision([(draft, 0)]) is draft
    assert default_revision([]) is None
