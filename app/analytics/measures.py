"""The measures of the item analysis (app/analytics/stats.py): means, correlations, the upper-lower index
and the language flags, each a plain function over plain numbers, so every figure can be checked by hand."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Share of attempts in each of the upper and lower groups.
GROUP_FRACTION = 0.27
#: A language's facility must differ from every other language's by more than this to be flagged …
FLAG_THRESHOLD = 0.2
#: … and both languages need at least this many attempts.
MIN_N = 10
#: Two-sided 5 % critical value of the normal distribution.
Z_CRITICAL = 1.96


# --- elementary statistics ---------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None for fewer than two pairs or when either variable does not vary."""
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def item_rest_correlation(
    item: Sequence[float], totals: Sequence[float], item_points: Sequence[float]
) -> float | None:
    """Corrected point-biserial: r between the item share and the total minus the item's own points."""
    rest = [total - own for total, own in zip(totals, item_points, strict=True)]
    return pearson(item, rest)


def upper_lower_index(
    item: Sequence[float], totals: Sequence[float], fraction: float = GROUP_FRACTION
) -> float | None:
    """Facility in the upper group minus facility in the lower group; None when the groups cannot be told
    apart (fewer than two attempts)."""
    n = len(item)
    size = max(1, round(fraction * n))
    if n < 2 or 2 * size > n:
        return None
    ranked = sorted(range(n), key=lambda i: totals[i])
    lower = [item[i] for i in ranked[:size]]
    upper = [item[i] for i in ranked[-size:]]
    return sum(upper) / size - sum(lower) / size


def _variance(values: Sequence[float]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    m = sum(values) / n
    return sum((v - m) ** 2 for v in values) / (n - 1)


def differs(a: Sequence[float], b: Sequence[float], threshold: float = FLAG_THRESHOLD) -> bool:
    """Whether the mean of ``a`` differs from the mean of ``b`` by more than ``threshold`` and significantly
    (Welch's z on the item shares; for right/wrong items the unpooled two-proportion test)."""
    if not a or not b:
        return False
    difference = sum(a) / len(a) - sum(b) / len(b)
    if round(abs(difference), 9) <= threshold:
        return False
    se = math.sqrt(_variance(a) / len(a) + _variance(b) / len(b))
    return se == 0 or abs(difference) / se >= Z_CRITICAL


# --- language flags ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageFlag:
    """A language in which a question behaves differently – often a translation problem."""

    lang: str
    n: int
    facility: float
    #: Facility over the attempts in the other languages compared with.
    others: float
    others_n: int

    @property
    def difference(self) -> float:
        return self.facility - self.others


def language_flags(
    shares_by_lang: Mapping[str, Sequence[float]], threshold: float = FLAG_THRESHOLD, min_n: int = MIN_N
) -> tuple[LanguageFlag, ...]:
    """The languages whose facility stands out (see the module docstring); needs two languages with
    ``min_n`` attempts or more. With exactly two such languages a difference flags both."""
    eligible = {lang: list(shares) for lang, shares in shares_by_lang.items() if len(shares) >= min_n}
    if len(eligible) < 2:
        return ()
    flags = []
    for lang in sorted(eligible):
        others = [other for other in eligible if other != lang]
        if all(differs(eligible[lang], eligible[other], threshold) for other in others):
            pooled = [share for other in others for share in eligible[other]]
            flags.append(
                LanguageFlag(lang, len(eligible[lang]), sum(eligible[lang]) / len(eligible[lang]),
                             sum(pooled) / len(pooled), len(pooled))
            )  # fmt: skip
    return tuple(flags)
