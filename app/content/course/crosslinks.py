"""Links from a module to a module of another course: `[text](course:<course>/<module>)`.

A relative link cannot leave its course folder (links.py), yet courses overlap: the Chinese-written
course on entering Germany points to the culture course's module on mixed teams. Such a link names the
other course and module by their slugs; the checker looks them up among the courses it knows (the course
folders beside the one checked, or the platform's courses when a trainer edits in the browser), and the
renderer turns the link into that module's page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.content.files import is_dir, is_file, read_text
from app.content.messages import N_

SCHEME = "course:"
_FORM = re.compile(r"^course:([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)/?$")

#: Course slug -> the slugs of its modules: what cross-course links may point to.
Catalogue = Mapping[str, Collection[str]]


@dataclass(frozen=True)
class CourseLink:
    course: str
    module: str

    @property
    def target(self) -> str:
        """The link as the renderer hands it to a link resolver (without `#fragment`)."""
        return f"{SCHEME}{self.course}/{self.module}"


def is_course_link(url: str) -> bool:
    return url.strip().lower().startswith(SCHEME)


def parse_course_link(url: str) -> tuple[CourseLink | None, str]:
    """The course and module a `course:` link names (None when malformed), and its `#fragment` suffix."""
    cut = min((i for i in (url.find("#"), url.find("?")) if i != -1), default=len(url))
    found = _FORM.match(url[:cut].strip())
    return (CourseLink(found[1], found[2]) if found else None), url[cut:]


def course_link_problem(url: str, courses: Catalogue) -> str | None:
    """Why a `course:` link leads nowhere (a message for the checker), or None when it is fine."""
    link, _suffix = parse_course_link(url)
    if link is None:
        return N_(
            "link '%(url)s' is not of the form course:<course>/<module> (slugs, e.g. course:ip-china/trademarks)",
            url=url[:80],
        )
    if link.course not in courses:
        known = ", ".join(sorted(courses)) or N_("none")
        return N_(
            "broken link: there is no course '%(course)s' (courses known: %(known)s)",
            course=link.course,
            known=known,
        )
    if link.module not in courses[link.course]:
        modules = ", ".join(courses[link.course]) or N_("none")
        return N_(
            "broken link: course '%(course)s' has no module '%(module)s' (its modules: %(modules)s)",
            course=link.course,
            module=link.module,
            modules=modules,
        )
    return None


def courses_beside(folder: Path) -> dict[str, tuple[str, ...]]:
    """The courses in the folders next to course folder `folder` (its own included), by their course.yaml.

    Only slugs and module lists are read; a course.yaml that cannot be read is skipped here (checking
    that course reports it).
    """
    import yaml  # with the first course checked, not with every `flask` command

    found: dict[str, tuple[str, ...]] = {}
    try:
        siblings = sorted(folder.parent.iterdir())
    except OSError:
        return found
    for sibling in siblings:
        if sibling.name.startswith(".") or not is_dir(sibling) or not is_file(sibling / "course.yaml"):
            continue
        text, _problems = read_text(sibling / "course.yaml")
        try:
            data = yaml.safe_load(text) if text is not None else None
        except yaml.YAMLError:
            continue
        modules = data.get("modules") if isinstance(data, dict) else None
        if isinstance(modules, list):
            found[sibling.name] = tuple(str(slug) for slug in modules)
    return found
