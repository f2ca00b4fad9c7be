"""Which `source_rev` a translated file must name, so that trainers need not learn it from a failing check.

For a translation (`module.en.md` in a course whose `source_lang` is `de`) it is the current revision of
its source file (`module.de.md`); for a source file, or a file outside a course, its own revision, which
its translations will name.
"""

from dataclasses import dataclass
from pathlib import Path

from app.content.files import is_file, read_text
from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.revision import source_rev
from app.content.yamllines import LineDict, load_yaml


@dataclass(frozen=True)
class RevisionOf:
    """The revision for `path`: `rev` is that of `source` (the file itself when it is a source)."""

    path: Path
    source: Path
    rev: str


def revision_for(path: Path) -> tuple[RevisionOf | None, list[Problem]]:
    """The `source_rev` value that belongs in (or, for a source file, is named by) the file `path`."""
    parts = path.name.split(".")
    source = path
    if len(parts) == 3 and parts[2] == "md":
        source_lang = _source_lang(path.parent.parent / "course.yaml")
        if source_lang and parts[1] != source_lang:
            source = path.with_name(f"{parts[0]}.{source_lang}.md")
    if not is_file(source):
        what = (
            N_("no such file")
            if source == path
            else N_("its source %(name)s does not exist", name=source.name)
        )
        return None, [error(str(path), 1, what)]
    text, problems = read_text(source)
    if text is None:
        return None, problems
    return RevisionOf(path, source, source_rev(text.encode("utf-8"))), []


def _source_lang(course_yaml: Path) -> str:
    """The course's `source_lang`, or "" when there is no readable course.yaml above the file."""
    if not is_file(course_yaml):
        return ""
    text, _problems = read_text(course_yaml)
    data = load_yaml(text, str(course_yaml))[0] if text is not None else None
    value = data.get("source_lang") if isinstance(data, LineDict) else None
    return value if isinstance(value, str) else ""
