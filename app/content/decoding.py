"""Turning a quiz file's bytes into lines, refusing what is not UTF-8 instead of guessing.

A wrongly guessed encoding silently garbles text (and answers that must match exactly), so UTF-16,
Latin-1 and binary files are reported with the line of the first bad byte. The one exception is Chinese
text in GB18030/GBK, which Chinese Windows editors and old Moodle exports still produce: it is recognised
with near certainty (see `looks_like_gb18030`), read, and reported as a warning naming the encoding.
A UTF-8 byte-order mark, as Windows editors write it, is dropped; CRLF and lone CR line endings count as
one line break each.
"""

import codecs
from collections import Counter

from app.content.messages import N_
from app.content.problems import Problem

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def split_lines(text: str) -> list[str]:
    """The lines of `text` (CRLF, CR and LF all end a line); a final line break yields a last empty line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def decode_source(source: str | bytes, path: str) -> tuple[list[str] | None, list[Problem]]:
    """The lines of a quiz file given as text or bytes, or None and the problem that prevents reading it
    (a warning comes with the lines when the bytes were Chinese GB18030 rather than UTF-8)."""
    problems: list[Problem] = []
    if isinstance(source, bytes | bytearray):
        text, problems = _decode(bytes(source), path)
        if text is None:
            return None, problems
    elif isinstance(source, str):
        text = source
    else:
        return None, [
            Problem(
                path, 1, N_("expected the text or bytes of a file, not %(type)s", type=type(source).__name__)
            )
        ]
    text = text.removeprefix("\ufeff")
    lines = split_lines(text)
    if "\x00" in text:
        return None, [_nul(path, text[: text.index("\x00")])]
    return lines, problems


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return None, [
                Problem(path, 1, N_("file is %(encoding)s, not UTF-8; save it as UTF-8", encoding=encoding))
            ]
    if b"\x00" in data:
        return None, [_nul(path, data[: data.index(b"\x00")].decode("utf-8", "replace"))]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = len(split_lines(data[: exc.start].decode("utf-8")))
        if looks_like_gb18030(data):
            message = N_(
                "file is not UTF-8 but Chinese GB18030 (GBK): read as such; check the Chinese text, and "
                "save the file as UTF-8"
            )
            return data.decode("gb18030"), [Problem(path, line, message, "warning")]
        byte = data[exc.start]
        message = N_(
            "file is not UTF-8 (byte %(byte)s; perhaps Latin-1 or Windows-1252); save it as UTF-8",
            byte=format(byte, "#04x"),
        )
        return None, [Problem(path, line, message)]


def looks_like_gb18030(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are Chinese text in GB18030 (or its subsets GBK and GB2312).

    Latin-1 German decodes as GB18030 too ("für" becomes "f黵"), so decoding is not enough: in Chinese
    text nearly every character is one of the common ones of GB2312, whose two bytes are both 0xA1 or
    above, while an umlaut followed by an ASCII letter gives a rare character whose second byte is a
    letter. Nine in ten non-ASCII characters must be common Chinese ones.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = Counter(char for char in text if ord(char) > 0x7F)
    common = sum(count for char, count in wide.items() if _in_gb2312(char))
    return any("\u4e00" <= char <= "\u9fff" for char in wide) and common >= 0.9 * wide.total()


def _in_gb2312(char: str) -> bool:
    """Whether the character is one of GB2312's (two bytes, each 0xA1–0xFE; lead byte at most 0xF7)."""
    encoded = char.encode("gb18030")
    return len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xF7 and 0xA1 <= encoded[1] <= 0xFE


def _nul(path: str, before: str) -> Problem:
    """NUL characters do not occur in text; they are the mark of UTF-16 without a BOM or of binary data."""
    message = N_(
        "file contains NUL characters (UTF-16 without a byte-order mark, or a binary file?); save it as UTF-8"
    )
    return Problem(path, len(split_lines(before)), message)
