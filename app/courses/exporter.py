"""Writing the published revisions back as files, so edits made in the browser reach version control."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.courses.models import Course, CourseAsset


class ExportError(Exception):
    pass


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ExportError(f"refusing to write outside the export folder: {relative}")
    return target


def _write(root: Path, relative: str, data: str | bytes) -> Path:
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8", newline="\n")
    else:
        target.write_bytes(data)
    return target


def export_course(course: Course, dest: Path) -> list[Path]:
    """Write ``course`` into ``dest/<slug>/`` in the layout of docs/authoring.md; returns the files written."""
    root = dest / course.slug
    written = [_write(root, "course.yaml", course.yaml_source)]
    for module in course.modules:
        if not module.active:
            continue
        revision = module.published_revision()
        for text in revision.texts if revision else []:
            written.append(_write(root, f"{module.slug}/module.{text.lang}.md", text.source))
        quiz = module.published_quiz()
        for text in quiz.texts if quiz else []:
            written.append(_write(root, f"{module.slug}/quiz.{text.lang}.md", text.source))
    latest: dict[str, CourseAsset] = {}
    assets = CourseAsset.query.filter_by(course_id=course.id).order_by(CourseAsset.created_at, CourseAsset.id)
    for asset in assets:
        latest[asset.path] = asset
    for path, asset in sorted(latest.items()):
        written.append(_write(root, path, asset.data))
    return written


def courses_to_export(db_session, slugs: tuple[str, ...]) -> list[Course]:  # type: ignore[no-untyped-def]
    query = select(Course).order_by(Course.slug)
    if slugs:
        query = query.where(Course.slug.in_(slugs))
    return list(db_session.scalars(query))
