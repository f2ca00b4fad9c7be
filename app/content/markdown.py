"""Course Markdown to safe HTML.

CommonMark with tables, strikethrough and callout boxes (`:::note`, `:::tip`, `:::warning`). Images must
be files of the course: relative image paths are handed to a resolver that turns them into the URLs the
platform serves them from, and external images are dropped (their alt text stays), so no page makes a
request to a third party. The result always goes through `sanitize_html`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from app.content.course.crosslinks import is_course_link, parse_course_link
from app.content.paths import course_path, is_relative, split_target
from app.content.sanitize import CALLOUT_KINDS, sanitize_html

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Turns a course-relative path ("images/map.png") into a URL, or None to drop the image or keep the link.
Resolver = Callable[[str], str | None]


def _callout_renderer(kind: str) -> Callable[..., str]:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        if token.nesting != 1:
            return "</aside>\n"
        title = token.info.strip()[len(kind) :].strip()
        heading = f'<p class="callout-title">{escape(title)}</p>\n' if title else ""
        return f'<aside class="callout callout-{kind}" role="note">\n{heading}'

    return render


def make_parser() -> MarkdownIt:
    """The Markdown dialect of course files; shared by rendering and link checking."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for kind in CALLOUT_KINDS:
        container_plugin(parser, kind, render=_callout_renderer(kind))
    return parser


@functools.cache
def _parser() -> MarkdownIt:
    """Made with the first Markdown parsed: markdown-it loads then, not with every `flask` command."""
    return make_parser()


def lost_to_nesting(tokens: list[Token]) -> list[tuple[int, int]]:
    """The line ranges (0-based, end excluded) whose text the parser dropped for being nested too deeply.

    markdown-it stops at `maxNesting` (20) levels of blocks, about ten list levels, and silently leaves
    the deeper block empty, together with everything it would have held; an empty list item or quote at
    the last level is the trace of that. A list item swallows the rest of the list (often the file).
    """
    limit = _parser().options["maxNesting"]
    ranges: list[tuple[int, int]] = []
    for token, after in zip(tokens, tokens[1:], strict=False):
        if token.nesting == 1 and after.nesting == -1 and token.level >= limit - 1 and token.map:
            start, end = token.map
            if not ranges or start >= ranges[-1][1]:
                ranges.append((start, end))
    return ranges


def parse_markdown(md: str) -> list[Token]:
    """The token stream of course Markdown, for checking links before rendering without parsing twice."""
    return _parser().parse(md)


def render_markdown(
    md: str,
    *,
    image_base: str | None = None,
    image_resolver: Resolver | None = None,
    link_resolver: Resolver | None = None,
) -> str:
    """Render course Markdown to sanitised HTML.

    :param image_base: the folder of the document inside the course ("trademarks"), against which
        relative image and link paths are resolved; None means the course folder itself.
    :param image_resolver: maps a course-relative image path to its URL (None drops the image). Without
        it, relative image paths are kept as written. Images leaving the course folder are always dropped.
        The URL is used as given, so the resolver must quote it.
    :param link_resolver: maps a course-relative link target ("patents/module.de.md"), or a link to a
        module of another course ("course:ip-china/trademarks", see crosslinks.py), to a URL; links it
        returns None for, and all links when it is not given, stay as written.
    """
    return render_tokens(
        parse_markdown(md), image_base=image_base, image_resolver=image_resolver, link_resolver=link_resolver
    )


def render_tokens(
    tokens: list[Token],
    *,
    image_base: str | None = None,
    image_resolver: Resolver | None = None,
    link_resolver: Resolver | None = None,
) -> str:
    """`render_markdown` for tokens from `parse_markdown` (which it rewrites in place)."""
    images: set[str] = set()
    for token in tokens:
        _align_by_class(token)
        if token.children:
            token.children = _join_cjk_lines(
                [
                    _rewrite(child, image_base or "", image_resolver, link_resolver, images)
                    for child in token.children
                ]
            )
    parser = _parser()
    html = parser.renderer.render(tokens, parser.options, {})
    return sanitize_html(html, allowed_images=images)


def _align_by_class(token: Token) -> None:
    """Table column alignment as a class: the Content-Security-Policy forbids inline styles."""
    if token.type in ("th_open", "td_open"):
        style = str(token.attrGet("style") or "")
        if style.startswith("text-align:"):
            token.attrs.pop("style", None)
            token.attrSet("class", "align-" + style.removeprefix("text-align:").strip())


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _join_cjk_lines(children: list[Token]) -> list[Token]:
    """Drop a line break in the source between two Chinese characters.

    Browsers turn such a break into a space, which Chinese text does not have; trainers wrap long lines.
    """
    result: list[Token] = []
    for index, token in enumerate(children):
        if token.type == "softbreak" and 0 < index < len(children) - 1:
            before, after = result[-1].content if result else "", children[index + 1].content
            if before and after and _is_cjk(before[-1]) and _is_cjk(after[0]):
                continue
        result.append(token)
    return result


def _rewrite(
    token: Token,
    base: str,
    image_resolver: Resolver | None,
    link_resolver: Resolver | None,
    images: set[str],
) -> Token:
    if token.type == "image":
        src = str(token.attrGet("src") or "")
        url = _image_url(src, base, image_resolver)
        if url is None:
            from markdown_it.token import Token

            parser = _parser()
            alt = parser.renderer.renderInlineAsText(token.children or [], parser.options, {})
            return Token("text", "", 0, content=alt)
        token.attrSet("src", url)
        images.add(url)
    elif token.type == "link_open" and link_resolver is not None:
        href = str(token.attrGet("href") or "")
        if is_course_link(href):
            link, suffix = parse_course_link(href)
            url = link_resolver(link.target) if link is not None else None
            if url is not None:
                token.attrSet("href", url + suffix)
        elif is_relative(href) and not href.startswith(("#", "?")):
            path, suffix = split_target(href)
            target = course_path(base, path)
            url = link_resolver(target) if target is not None else None
            if url is not None:
                token.attrSet("href", url + suffix)
    return token


def _image_url(src: str, base: str, resolver: Resolver | None) -> str | None:
    if not src or not is_relative(src):
        return None
    path, _suffix = split_target(src)
    target = course_path(base, path)
    if target is None:
        return None
    return resolver(target) if resolver is not None else src
