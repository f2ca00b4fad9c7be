"""The dashboard's chart of completions per month: columns on a count axis, as inline SVG (no script).

Only the months from the first to the last completion are drawn (a company that started in October has
no empty year before it); month names follow the page's language. Presentation attributes only, so the
strict Content-Security-Policy applies; the numbers are also in the ``<desc>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from markupsafe import Markup, escape

from app.analytics.charts import BAR, GRID, INK, MUTED

HEIGHT = 220
LEFT = 44
TOP = 16
BOTTOM = 46
COLUMN = 46


def nice_ticks(top: int) -> list[int]:
    """Whole-number axis ticks from 0 to at least ``top``: at most six, in steps of 1, 2, 5, 10, 20, 50…"""
    step, factors = 1, (2, 2.5, 2)  # 1 → 2 → 5 → 10 → 20 → 50 → 100 …
    n = 0
    while top / step > 5:
        step = int(step * factors[n % 3])
        n += 1
    last = -(-top // step) * step
    return list(range(0, max(last, step) + 1, step))


def month_label(month: date) -> str:
    """ "Okt. 2026", "Oct 2026", "2026年10月" — the month as the page's language writes it."""
    return format_skeleton("yMMM", month, locale=get_locale() or "en")


def completions_chart(by_month: Sequence[tuple[date, int]], *, title: str, desc: str) -> Markup:
    """One column per month with its count written on top; an empty Markup when nothing was completed."""
    if not by_month:
        return Markup("")
    ticks = nice_ticks(max(count for _month, count in by_month))
    axis_top = ticks[-1] or 1
    width = LEFT + COLUMN * len(by_month) + 10
    plot = HEIGHT - TOP - BOTTOM
    numbers = ", ".join(f"{month_label(month)}: {count}" for month, count in by_month)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" aria-labelledby="completions-title completions-desc" focusable="false">',
        f'<title id="completions-title">{escape(title)}</title>',
        f'<desc id="completions-desc">{escape(desc)} {escape(numbers)}</desc>',
    ]
    for tick in ticks:
        y = TOP + plot - plot * tick / axis_top
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - 6}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">{tick}</text>'
        )
    for index, (month, count) in enumerate(by_month):
        x = LEFT + COLUMN * index + 8
        h = plot * count / axis_top
        y = TOP + plot - h
        if count:
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{COLUMN - 16}" height="{h:.1f}" fill="{BAR}"/>')
        parts.append(
            f'<text x="{x + (COLUMN - 16) / 2:.1f}" y="{y - 4:.1f}" font-size="11" fill="{INK}" '
            f'text-anchor="middle">{count}</text>'
        )
        label = escape(month_label(month))
        parts.append(
            f'<text x="{x + (COLUMN - 16) / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" fill="{MUTED}" '
            f'text-anchor="end" transform="rotate(-35 {x + (COLUMN - 16) / 2:.1f} {HEIGHT - BOTTOM + 16})">{label}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text above is escaped)
