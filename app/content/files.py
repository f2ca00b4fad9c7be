"""Reading course files without trusting them.

Trainers' editors produce BOMs, UTF-16, Latin-1, Windows line endings; a course folder may hold a symlink
loop or a file nobody can read. Each of these becomes a `Problem` with a line number, never an exception
and never a guessed encoding (a wrongly guessed encoding would silently garble a legal text).
"""

import codecs
import os
import stat
from pathlib import Path

from app.content.decoding import looks_like_gb18030
from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.revision import normalise

MAX_BYTES = 2 * 1024 * 1024
_UTF16_UTF32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_bytes(path: Path, *, limit: int = MAX_BYTES) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most `limit` bytes; FIFOs and devices are refused unopened."""
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, [error(name, 1, N_("not a regular file"))]
        if info.st_size > limit:
            return None, [
                error(
                    name,
                    1,
                    N_(
                        "file is too large (%(size)s bytes, at most %(limit)s)",
                        size=info.st_size,
                        limit=limit,
                    ),
                )
            ]
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:
        return None, [
            error(
                name, 1, N_("cannot read file: %(reason)s", reason=getattr(exc, "strerror", None) or str(exc))
            )
        ]
    if len(data) > limit:
        return None, [error(name, 1, N_("file is too large (more than %(limit)s bytes)", limit=limit))]
    return data, []


def decode_text(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is stripped); anything else is reported with the line of the first bad byte.

    CRLF and CR line endings become LF, so that every later line count agrees with the editor's.
    """
    for bom, encoding in _UTF16_UTF32_BOMS:
        if data.startswith(bom):
            return None, [_not_utf8(path, 1, N_("it is %(encoding)s; save it as UTF-8", encoding=encoding))]
    if b"\x00" in data:
        at = data.index(b"\x00")
        if _looks_like_utf16(data):
            return None, [_not_utf8(path, 1, N_("it looks like UTF-16; save it as UTF-8"))]
        return None, [_not_utf8(path, _line_at(data, at), N_("it contains NUL bytes; is it a binary file?"))]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if looks_like_gb18030(data):
            detail = N_("it is Chinese GB18030 (GBK); save it as UTF-8")
        else:
            detail = N_(
                "byte %(byte)s; perhaps Latin-1 or Windows-1252, save it as UTF-8",
                byte=format(data[exc.start], "#04x"),
            )
        return None, [_not_utf8(path, _line_at(data, exc.start), detail)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The text of a UTF-8 course file, or None and the problems that prevent reading it."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    return decode_text(data, str(path))


def is_file(path: Path) -> bool:
    """`Path.is_file` that answers False instead of raising for overlong names, NUL bytes or loops."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    """`Path.is_dir` that answers False instead of raising."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink followed, lies inside `root` (symlink loops count as outside)."""
    try:
        real, real_root = os.path.realpath(path), os.path.realpath(root)
    except (OSError, ValueError):
        return False
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of byte `offset`, counting CRLF, CR and LF as one line break each."""
    return normalise(data[:offset]).count(b"\n") + 1


def _not_utf8(path: str, line: int, detail: str) -> Problem:
    return error(path, line, N_("file is not UTF-8 (%(detail)s)", detail=detail))


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a BOM: mostly ASCII, so every other byte is NUL."""
    sample = data[:4096]
    return len(sample) >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) >= len(sample) // 4
