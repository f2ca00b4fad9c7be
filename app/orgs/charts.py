"""The dashboard's chart of completions per month, drawn with the analytics bar chart (inline SVG)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from app.analytics.charts import Bar, bar_chart


def completions_chart(by_month: Sequence[tuple[str, int]], *, title: str, desc: str) -> Markup:
    """One bar per month, scaled to the busiest month; the count is written beside each bar."""
    top = max((count for _month, count in by_month), default=0) or 1
    bars = [Bar(label=month, value=count / top, value_text=str(count)) for month, count in by_month]
    return bar_chart(bars, chart_id="completions", title=title, desc=desc)
