"""Rendering course Markdown: the features trainers use, and nothing dangerous surviving."""

import re

import pytest

from app.content.markdown import render_markdown
from app.content.paths import course_path, is_relative, split_target
from app.content.sanitize import sanitize_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="//evil.example/x.css">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="#" onclick="alert(1)">x</a>',
    ":::note\n<script>alert(1)</script>\n:::",
    ":::warning <img src=x onerror=alert(1)>\ntext\n:::",
]
FORBIDDEN = re.compile(
    r"<script|<iframe|<style|<object|<embed|<svg|<math|<form|<input|<meta|<base|<link|<body"
    r"|\son[a-z]+\s*=|javascript:|vbscript:|data:|srcdoc|style=\"background",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives(payload: str) -> None:
    html = render_markdown(payload, image_resolver=lambda path: f"/files/{path}")
    # Text is escaped (`<` becomes `&lt;`), so every real tag matches this; `[x](javascript:…)` left as
    # literal text is harmless and not looked at.
    tags = re.findall(r"<[^>]*>", html)
    assert not [tag for tag in tags if FORBIDDEN.search(tag)], html


def test_literal_text_keeps_escaped_html() -> None:
    html = render_markdown("Use `<script>` tags? No: 1 < 2 & 3 > 2.")
    assert "<code>&lt;script&gt;</code>" in html
    assert "1 &lt; 2 &amp; 3 &gt; 2" in html


def test_table_with_alignment() -> None:
    html = render_markdown("| Recht | Dauer |\n|:--|--:|\n| Patent | 20 Jahre |\n")
    assert "<table>" in html and "<th" in html
    assert '<td class="align-right">20 Jahre</td>' in html
    assert "style=" not in html  # the Content-Security-Policy allows no inline styles


def test_strikethrough_and_emphasis() -> None:
    assert render_markdown("~~alt~~ **neu**") == "<p><s>alt</s> <strong>neu</strong></p>\n"


@pytest.mark.parametrize("kind", ["note", "tip", "warning"])
def test_callouts(kind: str) -> None:
    html = render_markdown(f":::{kind}\nText *here*.\n:::\n")
    assert html.startswith(f'<aside class="callout callout-{kind}" role="note">')
    assert "<p>Text <em>here</em>.</p>" in html and html.rstrip().endswith("</aside>")


def test_callout_title_is_escaped() -> None:
    html = render_markdown(":::warning Achtung <b>Frist</b>\nText\n:::")
    assert '<p class="callout-title">Achtung &lt;b&gt;Frist&lt;/b&gt;</p>' in html


def test_unknown_container_stays_text() -> None:
    assert "<aside" not in render_markdown(":::danger\nx\n:::")


def test_relative_image_rewritten_through_resolver() -> None:
    seen: list[str] = []

    def resolve(path: str) -> str:
        seen.append(path)
        return f"/courses/demo/files/{path}"

    html = render_markdown("![Karte](../images/map%20de.png)", image_base="basics", image_resolver=resolve)
    assert seen == ["images/map de.png"]
    assert '<img src="/courses/demo/files/images/map de.png" alt="Karte">' in html


def test_resolver_none_drops_image_but_keeps_alt_text() -> None:
    html = render_markdown("![Karte](map.png)", image_resolver=lambda path: None)
    assert "<img" not in html and "Karte" in html


@pytest.mark.parametrize(
    "src", ["https://tracker.example/pixel.png", "//cdn.example/x.png", "http://x/y.png", "/static/logo.png"]
)
def test_external_images_are_removed(src: str) -> None:
    html = render_markdown(f'![Logo]({src}) and <img src="{src}">', image_resolver=lambda p: f"/f/{p}")
    assert "<img" not in html and "Logo" in html


def test_image_leaving_the_course_is_removed() -> None:
    html = render_markdown("![p](../../etc/passwd)", image_base="basics", image_resolver=lambda p: f"/f/{p}")
    assert "<img" not in html


def test_without_resolver_relative_images_stay_as_written() -> None:
    assert '<img src="../images/a.png" alt="a">' in render_markdown("![a](../images/a.png)", image_base="m")


def test_raw_html_image_is_removed_even_if_relative() -> None:
    assert "<img" not in render_markdown('<img src="../images/a.png">', image_resolver=lambda p: f"/f/{p}")


def test_links_get_rel_and_relative_links_resolve() -> None:
    html = render_markdown(
        "[Patente](../patents/module.de.md#fristen) [CNIPA](https://www.cnipa.gov.cn) [Mail](mailto:a@b.de)",
        image_base="trademarks",
        link_resolver=lambda path: f"/m/{path}",
    )
    assert '<a href="/m/patents/module.de.md#fristen" rel="noopener noreferrer">Patente</a>' in html
    assert '<a href="https://www.cnipa.gov.cn" rel="noopener noreferrer">CNIPA</a>' in html
    assert 'href="mailto:a@b.de"' in html


def test_sanitizer_keeps_prose() -> None:
    html = "<h2>T</h2><ul><li><em>a</em></li></ul><blockquote><p>q</p></blockquote><pre><code>x</code></pre>"
    assert sanitize_html(html) == html


def test_sanitizer_drops_images_not_allowed() -> None:
    assert sanitize_html('<p><img src="/f/a.png" alt="a"></p>') == "<p></p>"
    assert sanitize_html('<img src="/f/a.png">', allowed_images={"/f/a.png"}) == '<img src="/f/a.png">'


@pytest.mark.parametrize(
    ("doc_dir", "target", "expected"),
    [
        ("trademarks", "../images/a.png", "images/a.png"),
        ("trademarks", "x/../b.md", "trademarks/b.md"),
        ("trademarks", "..\\images\\a.png", "images/a.png"),
        ("trademarks", "../../etc/passwd", None),
        ("", "../x", None),
        ("trademarks", "a\x00b", None),
        ("", "/etc/passwd", None),
    ],
)
def test_course_path(doc_dir: str, target: str, expected: str | None) -> None:
    assert course_path(doc_dir, split_target(target)[0]) == expected


@pytest.mark.parametrize(
    ("url", "relative"),
    [("a.png", True), ("../a", True), ("#x", True), ("https://x", False), ("//x", False), ("/x", False),
     ("data:x", False), ("JavaScript:x", False), ("\\\\host\\x", False)],
)  # fmt: skip
def test_is_relative(url: str, relative: bool) -> None:
    assert is_relative(url) is relative


def test_line_breaks_between_chinese_characters_disappear():
    from app.content.markdown import render_markdown

    assert render_markdown("公司的文字商标已\n在欧盟注册。") == "<p>公司的文字商标已在欧盟注册。</p>\n"
    assert "Hello\nworld" in render_markdown("Hello\nworld")
    assert "商标\nbrand" in render_markdown("商标\nbrand")
