"""What the front matter of a module file may say (docs/authoring.md, binding).

Like course.yaml (schema.py), every problem is reported on the line where it was written, and a meta
comes back even after errors, so the checker can go on and show all mistakes at once.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.content.course.fields import FieldReader, shown
from app.content.messages import N_
from app.content.problems import Problem, error, warning
from app.content.yamllines import LineList

SOURCE_REV = re.compile(r"^[0-9a-f]{12}$")
_MODULE_KEYS = ("title", "duration_minutes", "current_as_of", "source_rev", "review_by", "watch")
#: Keys only the source-language module file gives (they describe the module, not one language's text).
_SOURCE_ONLY_KEYS = ("review_by", "watch")
_WATCH_KEYS = ("what", "date")


@dataclass(frozen=True)
class WatchEntry:
    """A rule whose date matters for a module: when it takes effect, expires or a transition ends."""

    what: str
    date: date
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ModuleMeta:
    """The front matter of a module file; optional values are None when not written."""

    title: str
    duration_minutes: int | None
    current_as_of: date | None
    source_rev: str | None
    review_by: date | None = None  #: when a trainer must check the module again (source only)
    watch: tuple[WatchEntry, ...] = ()
    review_by_line: int = field(default=0, compare=False)


def validate_module_meta(
    meta: dict[str, Any], path: str, *, is_source: bool, current_rev: str | None = None
) -> tuple[ModuleMeta, list[Problem]]:
    """Validate a module file's front matter; a translation may leave out all but title and source_rev.

    :param current_rev: the source's revision, quoted in messages about a translation's source_rev so
        the translator can copy it (None when the source could not be read).
    """
    problems: list[Problem] = []
    if not meta:
        problems.append(
            error(
                path, 1, N_("front matter is missing or empty: start the file with '---', 'title: …', '---'")
            )
        )
        return ModuleMeta("", None, None, None), problems
    fields = FieldReader(meta, path, problems)
    fields.reject_unknown(_MODULE_KEYS)
    title = fields.text("title")
    minutes = fields.integer("duration_minutes", minimum=1, maximum=10_000, default=0, required=is_source)
    as_of = fields.date("current_as_of", required=False)
    rev = _source_rev(fields, is_source, current_rev)
    if not is_source:
        for key in _SOURCE_ONLY_KEYS:
            if key in fields.mapping:
                message = N_(
                    "%(key)s is only used in the source-language file (this one is ignored)", key=key
                )
                problems.append(warning(path, fields.line(key), message))
        return ModuleMeta(title, minutes or None, as_of, rev), problems
    review_by = fields.date("review_by", required=False)
    meta = ModuleMeta(
        title,
        minutes or None,
        as_of,
        rev,
        review_by,
        _watch(fields),
        fields.line("review_by") if review_by else 0,
    )
    return meta, problems


def _watch(fields: FieldReader) -> tuple[WatchEntry, ...]:
    """The `watch:` list: mappings with a `what` text and a `date`, each checked on its own line."""
    if not fields.present("watch", False):
        return ()
    value = fields.mapping["watch"]
    if not isinstance(value, list):
        fields.fail(
            "watch", N_("watch must be a list of entries like '- what: …' with 'date: YYYY-MM-DD' below")
        )
        return ()
    entries: list[WatchEntry] = []
    for index, item in enumerate(value):
        line = value.line_of(index) if isinstance(value, LineList) else fields.line("watch")
        if not isinstance(item, dict):
            fields.problems.append(
                error(fields.path, line, N_("each watch entry must be a mapping with 'what:' and 'date:'"))
            )
            continue
        entry = FieldReader(item, fields.path, fields.problems, prefix="watch.")
        entry.reject_unknown(_WATCH_KEYS)
        what = entry.text("what")
        when = entry.date("date", required=True)
        if what and when:
            entries.append(WatchEntry(what, when, line))
    return tuple(entries)


def _source_rev(fields: FieldReader, is_source: bool, current_rev: str | None) -> str | None:
    """The source_rev of a translation, when it is written correctly."""
    if is_source:
        if "source_rev" in fields.mapping:
            message = N_("source_rev is only used in translations")
            fields.problems.append(warning(fields.path, fields.line("source_rev"), message))
        return None
    if not fields.present("source_rev", False):
        if current_rev:
            message = N_(
                "source_rev is missing: add 'source_rev: %(rev)s' once the translation matches the source",
                rev=current_rev,
            )
        else:
            message = N_(
                "source_rev is missing: add the source's source_rev once the translation matches the source"
            )
        fields.fail("source_rev", message)
        return None
    rev = str(fields.mapping["source_rev"]).strip()
    if not SOURCE_REV.match(rev):
        if current_rev:
            message = N_(
                "source_rev must be 12 hex digits (0-9, a-f), not %(value)s (the source is now %(rev)s)",
                value=shown(rev),
                rev=current_rev,
            )
        else:
            message = N_("source_rev must be 12 hex digits (0-9, a-f), not %(value)s", value=shown(rev))
        fields.fail("source_rev", message)
        return None
    return rev
