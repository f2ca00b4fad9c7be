"""Turning the text of imported questions (plain text, Moodle HTML, Markdown) into safe quiz Markdown.

Imported text must render as it did in Moodle and must not change the structure of the quiz file it is
written into: a line of plain text starting with `=`, `|`, `##` or `- [ ]` would otherwise be read back
as an answer, a table row, a question or an option.
"""

from html.parser import HTMLParser

#: Characters that mean something inline in Markdown; plain text escapes them with a backslash.
_INLINE_SPECIAL = frozenset("\\`*_[]<|~")
#: Line starts the quiz parser reads as structure (question heading, block, answer, table row, feedback).
_STRUCTURE = ("##", ":::", "=", "|", ">", "- [", "* [", "+ [")
#: Further line starts Markdown reads as structure (heading, list); escaped in plain text only.
_MARKDOWN_BLOCKS = ("#", "-", "+")
_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote"}
)


def plain_to_markdown(text: str) -> str:
    """Markdown that renders as exactly `text`."""
    return guard_lines(_escape_inline(text), plain=True)


def guard_lines(markdown: str, plain: bool = False) -> str:
    """Escape line starts the quiz parser would take for structure (`=`, `|`, `##`, `:::`, `- [x]`);
    with `plain`, also those Markdown would (headings, lists, numbered lists)."""
    lines = []
    for line in markdown.split("\n"):
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        digits = len(stripped) - len(stripped.lstrip("0123456789"))
        if stripped.startswith(_STRUCTURE) or plain and stripped.startswith(_MARKDOWN_BLOCKS):
            line = f"{indent}\\{stripped}"
        elif plain and 0 < digits < len(stripped) and stripped[digits] in ".)":
            line = f"{indent}{stripped[:digits]}\\{stripped[digits:]}"
        lines.append(line)
    return "\n".join(lines)


def html_to_markdown(html: str) -> str:
    """Markdown for the simple HTML Moodle editors produce (paragraphs, breaks, bold, italics, lists,
    links, code); other tags are dropped and their text kept, scripts and styles dropped entirely."""
    converter = _HtmlToMarkdown()
    converter.feed(html)
    converter.close()
    paragraphs = "".join(converter.parts).split("\n\n")
    cleaned = ["\n".join(line.strip() for line in part.strip().split("\n")) for part in paragraphs]
    return guard_lines("\n\n".join(part for part in cleaned if part))


def _escape_inline(text: str) -> str:
    return "".join(f"\\{char}" if char in _INLINE_SPECIAL else char for char in text)


class _HtmlToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\\\n")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag == "code":
            self.parts.append("`")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.parts.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag == "code":
            self.parts.append("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.parts.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(_escape_inline(_collapse(data)))


def _collapse(text: str) -> str:
    """Whitespace runs as single spaces, as a browser shows HTML text (edges kept as one space)."""
    words = text.split()
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")
