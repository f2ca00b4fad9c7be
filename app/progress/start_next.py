"""What "My learning" suggests when nothing is in progress: published courses the person has not started."""

from __future__ import annotations

from sqlalchemy import select

from app.courses import structure
from app.courses.models import Module
from app.courses.structure import CourseView
from app.extensions import db

#: A short list under the finished courses, not a second catalogue.
SUGGESTED = 3

#: Courses with at least one module learners can open (a published revision of an active module).
_PUBLISHED = select(Module.course_id).where(Module.active.is_(True), Module.current_revision_id.is_not(None))


def courses_to_start(started: set[int], lang: str, limit: int = SUGGESTED) -> list[CourseView]:
    """Published courses offered in ``lang`` whose ids are not in ``started`` (the person's own progress
    rows), in catalogue order.

    :param started: ids of the courses the person has a progress row for
    :param lang: the page's language
    """
    published = set(db.session.scalars(_PUBLISHED.distinct())) - started
    found = structure.courses_by_id(published)
    return [found[course_id] for course_id in sorted(found) if lang in found[course_id].languages][:limit]
