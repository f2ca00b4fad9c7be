"""Looking at rendered pages the way a browser would: is there anything in them that could run?

The pages are parsed with lxml (libxml2's HTML parser, which recovers from broken markup much as a browser
does), so a payload that breaks out of an attribute or a text node shows up as the element or attribute it
became, not as a string to grep for.
"""

from __future__ import annotations

import re

import lxml.html

#: Attributes that hold a URL a browser may load or navigate to.
URL_ATTRIBUTES = {
    "action", "background", "cite", "codebase", "data", "formaction", "href", "longdesc", "manifest",
    "ping", "poster", "src", "srcset", "xlink:href", "to", "from", "values", "dynsrc", "lowsrc",
}  # fmt: skip
#: Elements that embed or run other documents, or change how the page's URLs resolve.
FORBIDDEN_TAGS = {"applet", "base", "embed", "frame", "frameset", "iframe", "object", "portal", "template"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
#: Everything a browser ignores inside a URL scheme ("java\tscript:" is "javascript:").
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")

#: One string that tries every context at once: text, both attribute quotes, a template (and fits the
#: 120 characters of a company name).
PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>{{1337*1337}}"
#: Short enough for URL parts with a length limit.
SHORT_PAYLOAD = "\"'><svg onload=alert(1)>"
#: Separate vectors, for fields that are checked one by one.
PAYLOADS = [
    "<script>alert(1337)</script>",
    '"><img src=x onerror=alert(1337)>',
    "'><svg/onload=alert(1337)>",
    "<svg><script>alert(1337)</script></svg>",
    '<a href="javascript:alert(1337)">x</a>',
    '<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>',
    "javascript:alert(1337)",
    "{{1337*1337}}",
]


def executable_markup(page: str) -> list[str]:
    """What in ``page`` a browser could execute: scripts other than our own files, event handler
    attributes, frames and plugins, ``<base>``, refresh redirects, and script or data URLs."""
    if not page.strip():
        return []
    problems = []
    root = lxml.html.document_fromstring(page)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = element.tag.lower().rpartition(":")[2]
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            problems.append(f"<script> {lxml.html.tostring(element)[:80]!r}")
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            elif (
                name in ("srcdoc", "style")
                and _IGNORED_IN_URLS.sub("", value).lower().find("javascript") >= 0
            ):
                problems.append(f"<{tag} {name}=javascript…>")
            elif name == "srcdoc":
                problems.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES or name.endswith(":href"):
                url = _IGNORED_IN_URLS.sub("", value).lower()
                if url.startswith(SCRIPT_SCHEMES):
                    problems.append(f"<{tag} {name}={value[:40]!r}>")
    return problems


def assert_harmless(page: str, *, payload: str | None = None, where: str = "") -> None:
    """No executable markup in ``page``; the ``payload``, if given, never appears unescaped nor evaluated."""
    problems = executable_markup(page)
    assert not problems, f"{where}: {problems}"
    if payload is not None and ("<" in payload or '"' in payload):
        assert payload not in page, f"{where}: the payload appears unescaped"
    assert "1787569" not in page, f"{where}: a template expression in the input was evaluated"


def text_of(page: str) -> str:
    """The page's text as a reader sees it (entities decoded), to check the input is shown as text."""
    return lxml.html.document_fromstring(page).text_content()
