"""Checking the links and images of course Markdown against the files of the course folder, and
reporting the blocks the renderer drops for being nested too deeply.

Runs on the parsed Markdown (not on the text), so a `[link](x)` inside a code block is not a link, and
every finding carries the line where the link was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.content.course.crosslinks import Catalogue, course_link_problem, is_course_link
from app.content.files import is_dir, is_file, is_inside, read_bytes
from app.content.images import BadImage, inspect_image
from app.content.markdown import lost_to_nesting
from app.content.messages import N_
from app.content.paths import course_path, is_relative, split_target
from app.content.problems import Problem, error, warning

if TYPE_CHECKING:
    from markdown_it.token import Token
from app.content.sanitize import CALLOUT_KINDS

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_IMAGE_BYTES = 10 * 1024 * 1024
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_CALLOUT_LINE = re.compile(r"^\s*:::")


@dataclass(frozen=True)
class Reference:
    """A link or image as written in the Markdown."""

    kind: str  #: "link" | "image"
    url: str  #: as written (percent-encoded by the Markdown parser)
    path: str | None  #: decoded relative path ("" for "#section"); None for "https:", "/x" and the like
    line: int
    alt: str = ""  #: an image's alt text as written


@dataclass(frozen=True)
class Findings:
    """What checking one document found: its problems and the course images it uses."""

    problems: list[Problem]
    images: set[str]


def find_references(tokens: list[Token], first_line: int = 1) -> tuple[list[Reference], list[int]]:
    """Links and images of a parsed document, and the lines that look like a broken callout (`:::` text).

    :param first_line: the file line of the first Markdown line (after front matter).
    """
    references: list[Reference] = []
    callout_lines: list[int] = []
    for block in tokens:
        if block.type != "inline" or block.map is None:
            continue
        line = first_line + block.map[0]
        callout_lines += [
            line + n for n, text in enumerate(block.content.split("\n")) if _CALLOUT_LINE.match(text)
        ]
        for token in block.children or []:
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "html_inline":
                line += token.content.count("\n")
            elif token.type == "image" or token.type == "link_open":
                references.append(_reference(token, line))
    return references, callout_lines


def check_document(
    tokens: list[Token],
    first_line: int,
    *,
    path: str,
    folder: Path,
    doc_dir: str,
    callouts: bool = True,
    courses: Catalogue | None = None,
) -> Findings:
    """Check the links, images and callouts of the parsed Markdown of file `path` in course `folder`.

    :param doc_dir: the folder of the document relative to the course folder ("trademarks").
    :param callouts: whether to report `:::` lines that open no callout (quiz files have their own blocks).
    :param courses: the courses `course:<course>/<module>` links may point to (crosslinks.py).
    """
    references, callout_lines = find_references(tokens, first_line)
    problems = [
        warning(
            path,
            line,
            N_(
                "unknown block (use %(kinds)s, closed by a line :::)",
                kinds=", ".join(f":::{kind}" for kind in CALLOUT_KINDS),
            ),
        )
        for line in (callout_lines if callouts else [])
    ]
    for start, end in lost_to_nesting(tokens):
        first, last = first_line + start, first_line + end - 1
        if last <= first:
            message = N_(
                "nested too deeply (lists or quotes more than about nine levels deep): line %(first)s is missing "
                "from the page; flatten the structure",
                first=first,
            )
        else:
            message = N_(
                "nested too deeply (lists or quotes more than about nine levels deep): lines %(first)s–%(last)s are "
                "missing from the page; flatten the structure",
                first=first,
                last=last,
            )
        problems.append(error(path, first, message))
    images: set[str] = set()
    for ref in references:
        if ref.kind == "image":
            image = _check_image(ref, path, folder, doc_dir, problems)
            if image is not None:
                images.add(image)
        else:
            _check_link(ref, path, folder, doc_dir, problems, courses or {})
    return Findings(problems, images)


def _reference(token: Token, line: int) -> Reference:
    kind = "image" if token.type == "image" else "link"
    url = str(token.attrGet("src" if kind == "image" else "href") or "")
    alt = token.content if kind == "image" else ""
    return Reference(kind, url, split_target(url)[0] if is_relative(url) else None, line, alt)


def _check_image(
    ref: Reference, path: str, folder: Path, doc_dir: str, problems: list[Problem]
) -> str | None:
    """The course path of a valid image; otherwise reports why the image will not be shown."""
    if not ref.alt.strip():
        message = N_(
            "image '%(url)s' has no alt text: say what it shows, ![what it shows](%(url)s)", url=ref.url[:80]
        )
        problems.append(error(path, ref.line, message))
    if not ref.path:
        message = N_(
            "image '%(url)s' is not a file of the course folder (pages make no requests to other sites)",
            url=ref.url[:80],
        )
        problems.append(error(path, ref.line, message if ref.url else N_("image without a path")))
        return None
    target = course_path(doc_dir, ref.path)
    if target is None:
        problems.append(
            error(path, ref.line, N_("image path '%(path)s' leaves the course folder", path=ref.path))
        )
        return None
    file = folder / target
    if not is_file(file):
        problems.append(
            error(
                path,
                ref.line,
                N_("image not found: '%(path)s' (looked for %(target)s)", path=ref.path, target=str(target)),
            )
        )
    elif not is_inside(file, folder):
        problems.append(
            error(
                path,
                ref.line,
                N_("image '%(path)s' is a link to a file outside the course folder", path=ref.path),
            )
        )
    elif not target.lower().endswith(IMAGE_EXTENSIONS):
        problems.append(
            error(path, ref.line, N_("'%(path)s' is not a PNG, JPEG, GIF or WebP image", path=ref.path))
        )
    elif (message := image_problem(file)) is not None:
        problems.append(
            error(path, ref.line, N_("image '%(path)s': %(problem)s", path=ref.path, problem=message))
        )
    else:
        return target
    return None


def image_problem(file: Path) -> str | None:
    """Why the image file cannot be shown (unreadable, too large, not really an image), or None."""
    data, found = read_bytes(file, limit=MAX_IMAGE_BYTES)
    if data is None:
        return found[0].message if found else N_("cannot be read")
    try:
        inspect_image(data, file.name)
    except BadImage as bad:
        return bad.args[0]
    return None


def _check_link(
    ref: Reference, path: str, folder: Path, doc_dir: str, problems: list[Problem], courses: Catalogue
) -> None:
    if ref.path is None and is_course_link(ref.url):
        if (message := course_link_problem(ref.url, courses)) is not None:
            problems.append(error(path, ref.line, message))
        return
    if ref.path is None:
        if not ref.url.startswith("/") and not ref.url.lower().startswith(_LINK_SCHEMES):
            message = N_(
                "link '%(url)s' will be removed: only http, https and mailto links are allowed",
                url=ref.url[:80],
            )
            problems.append(warning(path, ref.line, message))
        return
    if not ref.path:  # "#section" or "?x": a link within the page
        return
    target = course_path(doc_dir, ref.path)
    if target is None:
        problems.append(error(path, ref.line, N_("link '%(path)s' leaves the course folder", path=ref.path)))
    elif not (is_file(folder / target) or is_dir(folder / target)):
        problems.append(
            error(
                path,
                ref.line,
                N_(
                    "broken link: '%(path)s' does not exist (looked for %(target)s)",
                    path=ref.path,
                    target=str(target),
                ),
            )
        )
    elif not is_inside(folder / target, folder):
        problems.append(
            error(path, ref.line, N_("link '%(path)s' points outside the course folder", path=ref.path))
        )


def card_image_problems(folder: Path, file: str, path: str, line: int) -> tuple[list[Problem], str | None]:
    """Check the course picture ``file`` named in course.yaml (``path``, ``line``): the problems, and its
    course path when it can be shown."""
    problems: list[Problem] = []
    ref = Reference("image", file, split_target(file)[0] if is_relative(file) else None, line, alt="-")
    return problems, _check_image(ref, path, folder, "", problems)
