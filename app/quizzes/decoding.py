"""Turning a quiz file's bytes into lines, refusing what is not UTF-8 instead of guessing.

A wrongly guessed encoding silently garbles text (and answers that must match exactly), so UTF-16,
Latin-1 and binary files are reported with the line of the first bad byte. A UTF-8 byte-order mark, as
Windows editors write it, is dropped; CRLF and lone CR line endings count as one line break each.
"""

import codecs

from .model import Problem

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
    """The lines of a quiz file given as text or bytes, or None and the problem that prevents reading it."""
    if isinstance(source, bytes | bytearray):
        text, problems = _decode(bytes(source), path)
        if text is None:
            return None, problems
    elif isinstance(source, str):
        text = source
    else:
        return None, [Problem(path, 1, f"expected the text or bytes of a file, not {type(source).__name__}")]
    text = text.removeprefix("\ufeff")
    lines = split_lines(text)
    if "\x00" in text:
        return None, [_nul(path, text[: text.index("\x00")])]
    return lines, []


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return None, [Problem(path, 1, f"file is {encoding}, not UTF-8; save it as UTF-8")]
    if b"\x00" in data:
        return None, [_nul(path, data[: data.index(b"\x00")].decode("utf-8", "replace"))]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = len(split_lines(data[: exc.start].decode("utf-8")))
        byte = data[exc.start]
        message = f"file is not UTF-8 (byte 0x{byte:02x}; perhaps Latin-1 or Windows-1252); save it as UTF-8"
        return None, [Problem(path, line, message)]


def _nul(path: str, before: str) -> Problem:
    """NUL characters do not occur in text; they are the mark of UTF-16 without a BOM or of binary data."""
    message = (
        "file contains NUL characters (UTF-16 without a byte-order mark, or a binary file?); save it as UTF-8"
    )
    return Problem(path, len(split_lines(before)), message)
