"""What "My learning" suggests when nothing is in progress: published courses the person has not started."""

from __future__ import annotations

from app.courses import structure
from app.courses.structure import CourseView

#: A short list under the finished courses, not a second catalogue.
SUGGESTED = 3


def courses_to_start(started: set[int], lang: str, limit: int = SUGGESTED) -> list[CourseView]:
    """Published courses (with at least one module learners can open: active, with a published revision)
    offered in ``lang`` whose ids are not in ``started`` (the person's own progress rows), in catalogue
    order; from the structure cache, which a publish renews.

    :param started: ids of the courses the person has a progress row for
    :param lang: the page's language
    """
    return [
        course
        for course in structure.all_courses()
        if course.id not in started
        and lang in course.languages
        and any(module.active and module.current_revision_id is not None for module in course.modules)
    ][:limit]
