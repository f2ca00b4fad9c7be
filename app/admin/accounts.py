"""Admins' account actions: create an account in the browser, resend the confirmation, (re)activate.

Plain functions; they flush and the route commits. A created account gets an unguessable password nobody
knows and a "set your password" mail (the reset link), so no password travels through the admin.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import select

from app.auth import services
from app.auth.models import Role, User
from app.certificates.models import Certificate
from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress
from app.sessions import services as sessions
from app.sessions.models import BY_ADMIN
from app.timeutil import utcnow

logger = logging.getLogger(__name__)


class LastAdmin(Exception):
    """The last active administrator cannot be deactivated."""


def create_account(email: str, name: str, name_zh: str | None, locale: str, role: Role) -> User | None:
    """A new, confirmed account and the mail to set its password; None if the address already has one."""
    from app.auth.emails import send_password_reset

    result = services.register(
        email, secrets.token_urlsafe(32), name, name_zh or None, locale, role, confirmed=True
    )
    if not result.created:
        return None
    db.session.flush()
    send_password_reset(result.user)
    logger.info("account %s created by an admin", result.user.id)
    return result.user


def deactivate(user: User, by_id: int) -> int:
    """Stop the account from signing in and end its sessions (returns how many); its data stays.

    :raises LastAdmin: ``user`` is the last active administrator.
    """
    if user.is_admin:
        others = db.session.scalar(
            select(db.func.count(User.id)).where(
                User.role == Role.ADMIN.value, User.deactivated_at.is_(None), User.id != user.id
            )
        )
        if not others:
            raise LastAdmin()
    user.deactivated_at = user.deactivated_at or utcnow()
    ended = sessions.end_all(user.id, BY_ADMIN, actor_id=by_id)
    db.session.flush()
    logger.info("account %s deactivated by %s", user.id, by_id)
    return ended


def reactivate(user: User) -> None:
    user.deactivated_at = None
    db.session.flush()


def learning_of(user: User) -> list[tuple[Course, CourseProgress]]:
    """The person's courses with their progress, most recent first."""
    return list(
        db.session.execute(
            select(Course, CourseProgress)
            .join(CourseProgress, CourseProgress.course_id == Course.id)
            .where(CourseProgress.user_id == user.id)
            .order_by(CourseProgress.last_visited_at.desc())
        ).all()
    )


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.issued_at.desc())
        )
    )
