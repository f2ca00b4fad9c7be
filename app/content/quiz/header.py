"""The YAML header of a quiz file: title, shuffle default, pass mark, source revision, language.

The header is small and flat, so each bad value is reported on the line where its key is written (found
by scanning the header lines) rather than on the first line of the header.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.content.problems import Problem
from app.content.yamlerrors import explain_yaml_error

KNOWN_KEYS = ("title", "lang", "shuffle", "pass_mark", "source_rev")
_FENCE = "---"
_REV_CHARS = frozenset("0123456789abcdef")
_LANG = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class FrontMatter:
    """The validated header values; None where the file does not set them (or sets them wrongly)."""

    title: str = ""
    lang: str = ""
    shuffle: bool | None = None
    pass_mark: float | None = None
    source_rev: str | None = None


def read_front_matter(lines: list[str], path: str) -> tuple[FrontMatter, int, list[Problem]]:
    """Read the header from `lines`; returns it, the index of the first body line, and the problems."""
    if not lines or lines[0].rstrip() != _FENCE:
        hint = "a quiz file starts with front matter: a line '---', 'title: …', and a closing '---'"
        return FrontMatter(lang=lang_of_path(path)), 0, [Problem(path, 1, hint)]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if end is None:
        return (
            FrontMatter(),
            len(lines),
            [Problem(path, 1, "front matter is not closed: add a line '---' after it")],
        )
    header = lines[1:end]
    problems: list[Problem] = []
    data = _load(header, path, problems)
    if data is None:
        return FrontMatter(lang=lang_of_path(path)), end + 1, problems
    return _validate(data, header, path, problems), end + 1, problems


def lang_of_path(path: str) -> str:
    """The language named in a file name like `quiz.de.md`, or ""."""
    parts = path.replace("\\", "/").rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) >= 3 and _LANG.fullmatch(parts[-2]) else ""


def _load(header: list[str], path: str, problems: list[Problem]) -> dict[Any, Any] | None:
    try:
        data = yaml.safe_load("\n".join(header))
    except yaml.MarkedYAMLError as exc:
        index, message = explain_yaml_error(exc, header)
        problems.append(Problem(path, 2 + index, f"invalid YAML in the front matter: {message}"))
        return None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        reason = str(exc).strip().split("\n", 1)[0] or type(exc).__name__
        problems.append(Problem(path, 2, f"invalid YAML in the front matter: {reason}"))
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(path, 2, "front matter must be 'key: value' lines"))
        return None
    return data


def _validate(data: dict[Any, Any], header: list[str], path: str, problems: list[Problem]) -> FrontMatter:
    def line_of(key: str) -> int:
        prefix = f"{key}:"
        return next((i + 2 for i, text in enumerate(header) if text.startswith(prefix)), 2)

    def fail(key: str, message: str) -> None:
        problems.append(Problem(path, line_of(key), message))

    for key in data:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(KNOWN_KEYS)})"
            fail(str(key), f"unknown front matter key '{str(key)[:60]}'{hint}")

    title = data.get("title")
    if title is None:
        problems.append(Problem(path, 1, "the front matter has no title"))
        title = ""
    elif not isinstance(title, str) or not title.strip():
        fail("title", "title must be a non-empty text")
        title = ""

    shuffle = data.get("shuffle")
    if shuffle is not None and not isinstance(shuffle, bool):
        fail("shuffle", "shuffle must be true or false")
        shuffle = None

    pass_mark = data.get("pass_mark")
    if pass_mark is not None:
        if isinstance(pass_mark, bool) or not isinstance(pass_mark, int | float) or not 0 <= pass_mark <= 100:
            fail("pass_mark", "pass_mark must be a number between 0 and 100 (percent)")
            pass_mark = None
        else:
            pass_mark = float(pass_mark)

    source_rev = data.get("source_rev")
    if isinstance(source_rev, int | float) and not isinstance(source_rev, bool):
        # YAML reads a revision of decimal digits only (about 1 in 300) as a number: take it as written.
        source_rev = header[line_of("source_rev") - 2].partition(":")[2].split("#")[0].strip()
    if source_rev is not None and not (
        isinstance(source_rev, str) and len(source_rev) == 12 and _REV_CHARS.issuperset(source_rev)
    ):
        fail("source_rev", "source_rev must be 12 lower-case hex digits (the start of the source's SHA-256)")
        source_rev = None

    path_lang = lang_of_path(path)
    lang = data.get("lang")
    if lang is None:
        lang = path_lang
    elif not isinstance(lang, str) or not _LANG.fullmatch(lang):
        fail("lang", "lang must be a language code like de, en or zh")
        lang = path_lang
    elif path_lang and lang != path_lang:
        fail("lang", f"lang is '{lang}' but the file name says '{path_lang}'")

    return FrontMatter(title.strip(), lang, shuffle, pass_mark, source_rev)
