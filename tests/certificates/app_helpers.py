"""Helpers for the tests of certificates in the app (issuing, verification, CLI)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.courses.models import Course, CourseTrainer
from app.extensions import db
from app.progress.models import CourseProgress
from app.timeutil import utcnow


def certificate(app, public_id: str) -> Certificate:
    """A certificate row, detached with its PDF loaded."""
    with app.app_context():
        row = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
        assert row is not None, public_id
        _ = row.pdf
        db.session.expunge(row)
        return row


def count(app, **filters) -> int:
    with app.app_context():
        query = select(func.count(Certificate.id)).filter_by(**filters)
        return db.session.scalar(query)


def active_ids(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Certificate.public_id).where(
                    Certificate.user_id == user_id, Certificate.revoked_at.is_(None)
                )
            )
        )


def set_certificate_settings(app, slug: str = "sample", **settings) -> None:
    """Change a course's certificate settings (as a new course.yaml import would)."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        course.settings = {**course.settings, "certificate": {**course.settings["certificate"], **settings}}
        db.session.commit()


def backdate_completion(app, user_id: int, days: int, slug: str = "sample") -> None:
    """Move a completion into the past and drop its certificate, so it can be issued as of then."""
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == slug))
        progress = db.session.scalar(
            select(CourseProgress).where(
                CourseProgress.user_id == user_id, CourseProgress.course_id == course_id
            )
        )
        progress.completed_at = utcnow() - timedelta(days=days)
        for row in db.session.scalars(select(Certificate).where(Certificate.user_id == user_id)):
            db.session.delete(row)
        db.session.commit()


def assign_trainer(app, user_id: int, slug: str = "sample") -> None:
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == slug))
        db.session.add(CourseTrainer(course_id=course_id, user_id=user_id))
        db.session.commit()


def course_id(app, slug: str = "sample") -> int:
    with app.app_context():
        return db.session.scalar(select(Course.id).where(Course.slug == slug))


def t(app, message: str, lang: str = "de", html: bool = True, **values) -> str:
    """``message`` as the app shows it in ``lang`` (translated once the catalogs have it), escaped for
    HTML unless ``html`` is False; so the tests hold before and after the catalogs are updated."""
    from flask_babel import gettext
    from markupsafe import escape

    with app.test_request_context(headers={"Accept-Language": lang}):
        text = gettext(message, **values)
    return str(escape(text)) if html else text


def verdict_text(app, problem: str, lang: str = "de", html: bool = True) -> str:
    """The message shown for an uploaded file that is not genuine (or cannot be checked)."""
    from markupsafe import escape

    from app.certificates.answers import file_message

    with app.test_request_context(headers={"Accept-Language": lang}):
        text = file_message(problem)
    return str(escape(text)) if html else text
