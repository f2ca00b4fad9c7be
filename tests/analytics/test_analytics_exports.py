"""CSV exports (Excel-safe) and SVG charts (accessible, script-free)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from app.analytics.charts import Bar, bar_chart
from app.web.csv import BOM, safe_cell, to_csv

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 211 1234", "'+49 211 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Anna Müller", "Anna Müller"),
        ("王芳", "王芳"),
        ("a=b", "a=b"),
        (-0.25, -0.25),
        (3, 3),
        (True, 1),
        (None, ""),
        (datetime(2026, 3, 1, 9, 30, 5, 123), "2026-03-01 09:30:05"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_a_bom_and_defused_cells():
    data = to_csv(["Name", "Score"], [["=cmd|' /C calc'!A0", -0.5], ["王芳", 0.75], ['Jürgen, "JJ"', None]])
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Name", "Score"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-0.5"]
    assert rows[2] == ["王芳", "0.75"]
    assert rows[3] == ['Jürgen, "JJ"', ""]
    assert "\r\n" in text


def _chart(**changes):  # type: ignore[no-untyped-def]
    bars = [
        Bar("1. first-to-file", 0.55, "55 %", {"de": 0.8, "en": 0.7, "zh": 0.15}, flagged=frozenset({"zh"})),
        Bar(
            "2. <script>alert(1)</script>",
            0.9,
            "90 %",
            {"de": 0.9, "en": None, "zh": 0.95},
            small=frozenset({"zh"}),
        ),
        Bar("3. nothing yet", None, "–"),
    ]
    options = {"chart_id": "facility", "title": "Facility per question", "desc": "Share of points & more",
               "langs": ["de", "en", "zh"], "lang_names": {"de": "German", "en": "English", "zh": "Chinese"},
               "small_note": "hollow: fewer than 10 attempts"}  # fmt: skip
    options.update(changes)
    return str(bar_chart(bars, **options))


def test_svg_is_accessible_and_has_no_script():
    svg = _chart()
    root = ET.fromstring(svg)  # noqa: S314  (our own SVG; well-formed XML)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "facility-title facility-desc"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == "Facility per question" and title.get("id") == "facility-title"
    assert desc.text == "Share of points & more" and desc.get("id") == "facility-desc"
    assert "<script" not in svg.lower()
    assert "&lt;script&gt;" in svg  # labels are escaped
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    assert "style=" not in svg  # the CSP allows no inline styles
    assert "href" not in svg


def test_svg_draws_markers_flags_and_legend():
    svg = _chart()
    assert svg.count("<polygon") >= 2  # zh triangles (row 1 flagged, row 2 hollow) and the legend
    assert "! zh" in svg  # the flagged language is named, not only coloured
    assert "German" in svg and "Chinese" in svg and "hollow: fewer than 10 attempts" in svg
    assert 'fill="#ffffff" stroke="#6b1f7a"' in svg  # hollow marker for the small sample


def test_chart_id_and_texts_are_escaped():
    svg = _chart(chart_id='x" onload="alert(1)', title="<b>t</b>", desc="d & e")
    root = ET.fromstring(svg)  # noqa: S314  (our own SVG)
    assert root.get("onload") is None
    assert root.find(SVG + "title").text == "<b>t</b>"
