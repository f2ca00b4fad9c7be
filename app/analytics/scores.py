"""The distribution of total scores in a quiz revision and its reliability, as Moodle's statistics report
gives them: mean, median, standard deviation and Cronbach's α, per revision and per language.

Plain Python over plain records (no Flask, no SQLAlchemy).

- *Cronbach's α* over the questions' points: ``k/(k-1) · (1 − Σ var(item) / var(total))`` with population
  variances. For questions scored right/wrong only, this is exactly KR-20. It estimates how consistently the
  quiz measures one thing; with fewer than ``MIN_ALPHA_N`` attempts, fewer than two questions, or no spread
  in the totals it is not computed (None) rather than reported as a noisy number.
- *Standard deviation*: the sample standard deviation (n − 1) of the attempts' percentages, as Moodle shows.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

#: Fewest attempts for which α is reported.
MIN_ALPHA_N = 10
#: Width of the bands of the score distribution, in percentage points.
BAND = 10


class Scored(Protocol):
    percent: float
    lang: str
    results: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class ScoreSummary:
    n: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    #: Attempts per band of percentages: (lower bound, count) for 0–9, 10–19, …, 90–100.
    bands: tuple[tuple[int, int], ...]


def _points(record: Scored, question_id: str) -> float:
    return float((record.results.get(question_id) or {}).get("score") or 0)


def cronbach_alpha(items: Sequence[Sequence[float]]) -> float | None:
    """α for ``items[i][j]`` = points of attempt ``j`` on question ``i``; None when it is undefined."""
    k = len(items)
    if k < 2 or not items[0]:
        return None
    totals = [sum(column) for column in zip(*items, strict=True)]
    total_var = statistics.pvariance(totals)
    if total_var == 0:
        return None
    item_var = sum(statistics.pvariance(item) for item in items)
    return k / (k - 1) * (1 - item_var / total_var)


def bands(percents: Iterable[float]) -> tuple[tuple[int, int], ...]:
    counts = [0] * (100 // BAND)
    for percent in percents:
        index = min(int(max(percent, 0) // BAND), len(counts) - 1)  # 100 % belongs to the top band
        counts[index] += 1
    return tuple((i * BAND, count) for i, count in enumerate(counts))


def summarise(
    records: Sequence[Scored], question_ids: Sequence[str], min_n: int = MIN_ALPHA_N
) -> ScoreSummary:
    percents = [float(r.percent) for r in records]
    n = len(percents)
    alpha = None
    if n >= min_n:
        alpha = cronbach_alpha([[_points(r, qid) for r in records] for qid in question_ids])
    return ScoreSummary(
        n=n,
        mean=statistics.fmean(percents) if n else None,
        median=statistics.median(percents) if n else None,
        sd=statistics.stdev(percents) if n > 1 else None,
        alpha=None if alpha is None or math.isnan(alpha) else alpha,
        bands=bands(percents),
    )


def summarise_by_lang(
    records: Sequence[Scored], question_ids: Sequence[str], langs: Sequence[str], min_n: int = MIN_ALPHA_N
) -> dict[str, ScoreSummary]:
    return {lang: summarise([r for r in records if r.lang == lang], question_ids, min_n) for lang in langs}
