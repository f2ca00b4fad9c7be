"""Where links and images in course Markdown point to.

Authors write targets relative to the Markdown file (`../images/map.png`, `../patents/module.de.md`); the
platform stores and serves files by their path inside the course folder (`images/map.png`). Both views
meet here, under one rule: a target that leaves the course folder points nowhere.
"""

import posixpath
import re
from urllib.parse import unquote

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def is_relative(url: str) -> bool:
    """True for a path relative to the document; False for `https:`, `data:`, `//host` or `/path` URLs."""
    stripped = url.strip()
    return not (_SCHEME.match(stripped) or stripped.startswith(("/", "\\")))


def split_target(url: str) -> tuple[str, str]:
    """Split a relative URL into its decoded path and the `?query#fragment` suffix (kept as written)."""
    cut = len(url)
    for mark in "?#":
        found = url.find(mark)
        if found != -1:
            cut = min(cut, found)
    return unquote(url[:cut]).replace("\\", "/"), url[cut:]


def course_path(doc_dir: str, target: str) -> str | None:
    """The course-relative path of `target` written in a document in folder `doc_dir` of the course.

    `doc_dir` is itself course-relative ("" for the course folder). Returns None for a target that leaves
    the course folder or cannot name a file (NUL byte); "." names the course folder itself.
    """
    if "\x00" in target or target.startswith("/"):
        return None
    joined = (
        posixpath.normpath(posixpath.join(doc_dir, target)) if target else posixpath.normpath(doc_dir or ".")
    )
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined
