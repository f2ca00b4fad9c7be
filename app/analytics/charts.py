"""Small bar charts as inline SVG, drawn on the server: nothing loaded from elsewhere, no script.

Each chart is ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; the page shows the same
numbers in a table beside it. Only presentation attributes are used (no ``style``), so the strict
Content-Security-Policy applies. Bars are 0–100 %; per-language values are markers of different shapes
(not only colours), hollow when the language has too few attempts to be compared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 88  # room for "58 % ! zh"
ROW_HEIGHT = 28
BAR_HEIGHT = 14
TOP = 26
LEGEND_HEIGHT = 30

#: Contrast of at least 3:1 against white and the bar track (WCAG 1.4.11), text at least 4.5:1.
INK = "#1b2733"
MUTED = "#5b6b7a"
GRID = "#d9e0e7"
TRACK = "#eef1f4"
BAR = "#1f6f9f"
BAR_HIGHLIGHT = "#1e7a46"
FLAG = "#b3261e"
#: Marker shape and fill per language; other languages cycle through the spare ones.
MARKERS = {"de": ("circle", "#0b2b42"), "en": ("square", "#7a5200"), "zh": ("triangle", "#6b1f7a")}
SPARE_MARKERS = (("diamond", "#3d4f5f"), ("circle", "#4a3b00"), ("square", "#24506b"))


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label, the overall value (0–1) and per-language values."""

    label: str
    value: float | None
    value_text: str = ""
    markers: Mapping[str, float | None] = field(default_factory=dict)
    #: Languages drawn hollow (too few attempts).
    small: frozenset[str] = frozenset()
    #: Languages that stand out (drawn larger, named after the value).
    flagged: frozenset[str] = frozenset()
    #: Drawn in the highlight colour (e.g. a correct option).
    highlight: bool = False


def marker_style(lang: str, langs: Sequence[str]) -> tuple[str, str]:
    if lang in MARKERS:
        return MARKERS[lang]
    spare = [lang for lang in langs if lang not in MARKERS]
    return SPARE_MARKERS[spare.index(lang) % len(SPARE_MARKERS)] if lang in spare else SPARE_MARKERS[0]


def _marker(shape: str, colour: str, x: float, y: float, size: float, hollow: bool) -> str:
    fill = "#ffffff" if hollow else colour
    common = f'fill="{fill}" stroke="{colour if hollow else "#ffffff"}" stroke-width="{2 if hollow else 1}"'
    r = size / 2
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" {common}/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" {common}/>'
    points = (
        f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
    )
    return f'<polygon points="{points}" {common}/>'


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    langs: Sequence[str] = (),
    lang_names: Mapping[str, str] | None = None,
    small_note: str = "",
) -> Markup:
    """A horizontal bar chart, 0–100 %, as an inline SVG element.

    :param chart_id: unique on the page; used for the ids of the title and description.
    :param langs: languages whose markers appear (in the legend, in this order).
    :param small_note: legend text for hollow markers (e.g. "hollow: fewer than 10 attempts").
    """
    lang_names = lang_names or {}
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_WIDTH
    plot_width = plot_right - plot_left
    legend = bool(langs)
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + (LEGEND_HEIGHT if legend else 0) + 6
    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{cid}-title {cid}-desc" focusable="false">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
    bottom = TOP + ROW_HEIGHT * max(len(bars), 1)
    for tick in (0, 25, 50, 75, 100):
        x = plot_left + plot_width * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP - 10}" font-size="11" fill="{MUTED}" text-anchor="middle">{tick} %</text>'
        )
    for index, bar in enumerate(bars):
        y = TOP + ROW_HEIGHT * index
        middle = y + ROW_HEIGHT / 2
        parts.append(
            f'<text x="{plot_left - 8}" y="{middle + 4:.1f}" font-size="12" fill="{INK}" text-anchor="end">'
            f"{escape(_shorten(bar.label))}</text>"
        )
        parts.append(
            f'<rect x="{plot_left}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{plot_width}" '
            f'height="{BAR_HEIGHT}" fill="{TRACK}"/>'
        )
        if bar.value is not None:
            width = plot_width * _clamp(bar.value)
            colour = BAR_HIGHLIGHT if bar.highlight else BAR
            parts.append(
                f'<rect x="{plot_left}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
        for lang, value in bar.markers.items():
            if value is None:
                continue
            shape, colour = marker_style(lang, langs)
            size = 14 if lang in bar.flagged else 11
            x = plot_left + plot_width * _clamp(value)
            parts.append(
                _marker(shape, FLAG if lang in bar.flagged else colour, x, middle, size, lang in bar.small)
            )
        value_text = bar.value_text
        if bar.flagged:
            value_text = f"{value_text} ! {' '.join(sorted(bar.flagged))}".strip()
        parts.append(
            f'<text x="{plot_right + 12}" y="{middle + 4:.1f}" font-size="12" '
            f'fill="{FLAG if bar.flagged else INK}">{escape(value_text)}</text>'
        )
    if legend:
        y = bottom + 20
        x = float(plot_left)
        for lang in langs:
            shape, colour = marker_style(lang, langs)
            parts.append(_marker(shape, colour, x, y - 4, 10, False))
            label = lang_names.get(lang, lang)
            parts.append(
                f'<text x="{x + 9:.1f}" y="{y:.1f}" font-size="11" fill="{INK}">{escape(label)}</text>'
            )
            x += 22 + 7 * len(label)
        if small_note:
            parts.append(_marker("circle", MUTED, x, y - 4, 10, True))
            parts.append(
                f'<text x="{x + 9:.1f}" y="{y:.1f}" font-size="11" fill="{MUTED}">{escape(small_note)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text above is escaped)


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _shorten(label: str, limit: int = 30) -> str:
    """``label`` cut to fit the label column; Chinese characters count twice."""
    label = " ".join(label.split())
    if sum(_width(ch) for ch in label) <= limit:
        return label
    kept, used = [], 1
    for ch in label:
        used += _width(ch)
        if used > limit:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


# --- bars from the statistics ------------------------------------------------------------------------


def _lang_values(by_lang, attr: str, langs: Sequence[str], min_n: int):  # type: ignore[no-untyped-def]
    """Per-language values for markers, and the languages with too few attempts (drawn hollow)."""
    values = {lang: getattr(by_lang[lang], attr) for lang in langs if by_lang[lang].n}
    small = frozenset(lang for lang in values if by_lang[lang].n < min_n)
    return values, small


def facility_bars(stats, labels: Mapping[str, str], fmt) -> list[Bar]:  # type: ignore[no-untyped-def]
    """One bar per question of ``stats`` (app.analytics.stats.QuizStats): facility, per-language markers.

    :param labels: question id -> label; :param fmt: formats a share (0–1) for display.
    """
    bars = []
    for q in stats.questions:
        markers, small = _lang_values(q.by_lang, "facility", stats.langs, stats.min_n)
        bars.append(
            Bar(
                label=labels.get(q.id, q.id),
                value=q.overall.facility,
                value_text=fmt(q.overall.facility),
                markers=markers,
                small=small,
                flagged=q.flagged_langs,
            )
        )
    return bars


def part_bars(question, langs: Sequence[str], min_n: int, labels: Mapping[str, str], fmt) -> list[Bar]:  # type: ignore[no-untyped-def]
    """Bars for the parts of one question (app.analytics.stats.QuestionStats): how often each option was
    chosen, each ordering item placed right, or each matching row given its right partner."""
    bars = []
    if question.overall.pairs:
        per_lang = {lang: {p.left: p for p in question.by_lang[lang].pairs} for lang in langs}
        for row in question.overall.pairs:
            markers = {
                lang: per_lang[lang][row.left].right_share
                for lang in langs
                if question.by_lang[lang].n and row.left in per_lang[lang]
            }
            small = frozenset(lang for lang in markers if question.by_lang[lang].n < min_n)
            bars.append(
                Bar(labels.get(row.left, row.left), row.right_share, fmt(row.right_share), markers, small,
                    highlight=True)
            )  # fmt: skip
        return bars
    per_lang_choices = {lang: {c.id: c for c in question.by_lang[lang].choices} for lang in langs}
    for choice in question.overall.choices:
        markers = {
            lang: per_lang_choices[lang][choice.id].share
            for lang in langs
            if question.by_lang[lang].n and choice.id in per_lang_choices[lang]
        }
        small = frozenset(lang for lang in markers if question.by_lang[lang].n < min_n)
        bars.append(
            Bar(labels.get(choice.id, choice.id), choice.share, fmt(choice.share), markers, small,
                highlight=choice.correct)
        )  # fmt: skip
    return bars
