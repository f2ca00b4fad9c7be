"""The header of a quiz file: title, shuffle default, pass mark, source revision, language.

`app.content.frontmatter` reads the `---` block (the same reader as for module texts); this module says
what its keys mean. Each bad value is reported on the line where its key is written.
"""

import difflib
import re
from dataclasses import dataclass

from app.content.frontmatter import read_front_matter
from app.content.messages import N_
from app.content.problems import Problem
from app.content.yamllines import LineDict

KNOWN_KEYS = ("title", "lang", "shuffle", "pass_mark", "source_rev")
_REV_CHARS = frozenset("0123456789abcdef")
_LANG = re.compile(r"[a-z]{2,3}")
_NO_HEADER = N_("a quiz file starts with front matter: a line '---', 'title: …', and a closing '---'")


@dataclass(frozen=True)
class QuizHeader:
    """The validated header values; None where the file does not set them (or sets them wrongly)."""

    title: str = ""
    lang: str = ""
    shuffle: bool | None = None
    pass_mark: float | None = None
    source_rev: str | None = None


def read_quiz_header(lines: list[str], path: str) -> tuple[QuizHeader, int, list[Problem]]:
    """Read the header from `lines`; returns it, the index of the first body line, and the problems."""
    data, start, problems = read_front_matter(lines, path)
    if start == 0:
        return QuizHeader(lang=lang_of_path(path)), 0, [Problem(path, 1, _NO_HEADER)]
    if start is None:
        return QuizHeader(), len(lines), problems
    if data is None:
        return QuizHeader(lang=lang_of_path(path)), start, problems
    return _validate(data, lines, path, problems), start, problems


def lang_of_path(path: str) -> str:
    """The language named in a file name like `quiz.de.md`, or ""."""
    parts = path.replace("\\", "/").rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) >= 3 and _LANG.fullmatch(parts[-2]) else ""


def _validate(data: LineDict, lines: list[str], path: str, problems: list[Problem]) -> QuizHeader:
    def fail(key: str, message: str) -> None:
        problems.append(Problem(path, data.line_of(key), message))

    for key in data:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            name = str(key)[:60]
            if close:
                message = N_(
                    "unknown front matter key '%(key)s' (did you mean '%(close)s'?)", key=name, close=close[0]
                )
            else:
                message = N_(
                    "unknown front matter key '%(key)s' (known keys: %(known)s)",
                    key=name,
                    known=", ".join(KNOWN_KEYS),
                )
            fail(str(key), message)

    title = data.get("title")
    if title is None:
        problems.append(Problem(path, 1, N_("the front matter has no title")))
        title = ""
    elif not isinstance(title, str) or not title.strip():
        fail("title", N_("title must be a non-empty text"))
        title = ""

    shuffle = data.get("shuffle")
    if shuffle is not None and not isinstance(shuffle, bool):
        fail("shuffle", N_("shuffle must be true or false"))
        shuffle = None

    pass_mark = data.get("pass_mark")
    if pass_mark is not None:
        if isinstance(pass_mark, bool) or not isinstance(pass_mark, int | float) or not 0 <= pass_mark <= 100:
            fail("pass_mark", N_("pass_mark must be a number between 0 and 100 (percent)"))
            pass_mark = None
        else:
            pass_mark = float(pass_mark)

    source_rev = data.get("source_rev")
    if isinstance(source_rev, int | float) and not isinstance(source_rev, bool):
        # YAML reads a revision of decimal digits only (about 1 in 300) as a number: take it as written.
        source_rev = lines[data.line_of("source_rev") - 1].partition(":")[2].split("#")[0].strip()
    if source_rev is not None and not (
        isinstance(source_rev, str) and len(source_rev) == 12 and _REV_CHARS.issuperset(source_rev)
    ):
        fail(
            "source_rev",
            N_("source_rev must be 12 lower-case hex digits (the start of the source's SHA-256)"),
        )
        source_rev = None

    path_lang = lang_of_path(path)
    lang = data.get("lang")
    if lang is None:
        lang = path_lang
    elif not isinstance(lang, str) or not _LANG.fullmatch(lang):
        fail("lang", N_("lang must be a language code like de, en or zh"))
        lang = path_lang
    elif path_lang and lang != path_lang:
        fail(
            "lang",
            N_("lang is '%(lang)s' but the file name says '%(path_lang)s'", lang=lang, path_lang=path_lang),
        )

    return QuizHeader(title.strip(), lang, shuffle, pass_mark, source_rev)
