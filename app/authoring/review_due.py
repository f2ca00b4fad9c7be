"""The modules a trainer should review now: past their review_by date, or a watched rule's date is near.

Shown on the trainer's home page, so that content is revised before it goes out of date rather than after
a learner notices. The dates come from the published revision of each module (its source file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.content.course.currency import ReviewReason, review_reasons
from app.courses.models import Course, Module, ModuleRevision
from app.courses.queries import choose, published_texts
from app.extensions import db


@dataclass(frozen=True)
class DueModule:
    """A module due for review and why; `title` is in the trainer's language when there is a text in it."""

    course: Course
    module: Module
    title: str
    reasons: list[ReviewReason]


def modules_due(courses: list[Course], lang: str, today: date) -> list[DueModule]:
    """The active modules of `courses` that are due for review on `today`, earliest reason first."""
    by_id = {course.id: course for course in courses}
    if not by_id:
        return []
    rows = db.session.execute(
        select(Module, ModuleRevision.review_by, ModuleRevision.watch)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .where(Module.course_id.in_(by_id), Module.active.is_(True))
        .order_by(Module.course_id, Module.position)
    ).all()
    due = [
        (module, reasons)
        for module, review_by, watch in rows
        if (reasons := review_reasons(review_by, watch, today))
    ]
    langs = (lang, *{course.source_lang for course in courses})
    texts = published_texts([module for module, _ in due], langs)
    found = []
    for module, reasons in due:
        course = by_id[module.course_id]
        shown = choose(texts.get(module.id, {}), lang, course.source_lang)
        found.append(DueModule(course, module, shown.text.title if shown else module.slug, reasons))
    return sorted(found, key=lambda item: item.reasons[0].date)
