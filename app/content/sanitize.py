"""The allow-list that rendered course HTML passes through before it reaches a browser.

Course text is written by trainers, not by attackers, but it is copied from Word, web pages and e-mails,
and an account can be taken over; so rendered Markdown is treated as untrusted. nh3 (ammonia) parses the
HTML like a browser would, so entity, case and whitespace tricks (`&#106;avascript:`, `JaVaScRiPt:`,
`java\tscript:`) are decoded before the URL scheme is checked.
"""

import re
from collections.abc import Collection

CALLOUT_KINDS = ("note", "tip", "warning")

_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
#: Table column alignment arrives as a class (the Content-Security-Policy forbids inline styles).
_ALIGN = {"align-left", "align-center", "align-right"}
_CLASSES = {
    "aside": {"callout", *(f"callout-{kind}" for kind in CALLOUT_KINDS)},
    "p": {"callout-title"},
    "td": _ALIGN,
    "th": _ALIGN,
}
#: Removed together with their content; everything else outside the allow-list loses only its tags.
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "textarea",
    "select",
}
#: An <img> tag as nh3 serialises it: attribute values are always double-quoted with `"` escaped, so this
#: matches exactly the image tags and never text or attribute content.
_IMG_TAG = re.compile(r'<img(?: [a-z-]+="[^"]*")*>')


def sanitize_html(html: str, *, allowed_images: Collection[str] = ()) -> str:
    """Keep prose, tables, code, images and callouts; drop scripts, handlers, styles and unsafe URLs.

    :param allowed_images: the only `src` values an `<img>` may keep — those the Markdown renderer
        produced for course images. Any other image (raw HTML, an external URL) is removed, so a page
        never makes a request to a third party (GDPR) or to a URL the renderer did not approve.
    """
    import nh3  # loaded with the first page rendered, not with every `flask` command

    allowed = frozenset(allowed_images)

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if value in allowed else None
        return value

    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=keep_attribute,
        allowed_classes=_CLASSES,
        tag_attribute_values={"aside": {"role": {"note"}}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG_TAG.sub(lambda tag: tag[0] if ' src="' in tag[0] else "", cleaned)
