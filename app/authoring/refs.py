"""The course file a trainer page's URL names, checked on the server: who may see it, and that it exists."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.authoring.models import KINDS
from app.authoring.services import FileRef
from app.courses.access import require_manage
from app.courses.queries import get_course_or_404, module_or_404


def file_or_abort(slug: str, module_slug: str, kind: str, lang: str) -> FileRef:
    """The file named by the URL: 404 for an unknown course, 403 unless manageable, then 404 for the rest."""
    course = get_course_or_404(slug)
    require_manage(current_user, course)
    module = module_or_404(course, module_slug)
    if kind not in KINDS or lang not in course.languages:
        abort(404)
    return FileRef(course, module, kind, lang)
