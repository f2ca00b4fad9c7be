"""Builders for the company tests: completions and certificates written straight into the database (fast,
no signing), invitations, memberships and a query counter."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import event, select

from app.auth.models import User
from app.certificates.ids import new_certificate_id
from app.certificates.models import Certificate, active_key
from app.extensions import db
from app.orgs import services
from app.orgs.models import Invitation, Membership, Organisation
from app.progress.models import CourseProgress
from app.timeutil import utcnow


def complete(
    app,
    user_id: int,
    course_id: int,
    *,
    when: datetime | None = None,
    score: float | None = 87.5,
    certificate: bool = True,
    name: str | None = None,
) -> str | None:
    """Record a completion (and an active certificate with a stand-in PDF); returns the certificate's id."""
    when = when or utcnow()
    with app.app_context():
        db.session.add(
            CourseProgress(
                user_id=user_id, course_id=course_id, started_at=when - timedelta(days=2), last_visited_at=when,
                modules_passed=1, percent=100.0, completed_at=when, score_percent=score,
            )
        )  # fmt: skip
        public_id = None
        if certificate:
            user = db.session.get(User, user_id)
            public_id = new_certificate_id()
            pdf = b"%PDF-1.7\n% stand-in for " + public_id.encode() + b"\n%%EOF\n"
            db.session.add(
                Certificate(
                    public_id=public_id, user_id=user_id, course_id=course_id, lang="de", name=name or user.name,
                    issuer="Test", course_title={"de": "Beispiel"}, completed_on=when.date(), score_percent=score,
                    issued_at=when, active_key=active_key(user_id, course_id), pdf=pdf,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                )
            )  # fmt: skip
        db.session.commit()
        return public_id


def in_progress(app, user_id: int, course_id: int, *, when: datetime | None = None) -> None:
    when = when or utcnow()
    with app.app_context():
        db.session.add(
            CourseProgress(
                user_id=user_id, course_id=course_id, started_at=when, last_visited_at=when, percent=50.0
            )
        )
        db.session.commit()


def membership(app, user_id: int) -> Membership | None:
    with app.app_context():
        row = db.session.scalar(select(Membership).where(Membership.user_id == user_id))
        if row is not None:
            db.session.expunge(row)
        return row


def make_invitation(app, org_id: int, by: User, email: str | None = None, **changes) -> str:  # type: ignore[no-untyped-def]
    """A fresh invitation's code; ``changes`` set columns afterwards (expires_at, revoked_at…)."""
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        invitation = services.invite(org, db.session.get(User, by.id), email)
        for key, value in changes.items():
            setattr(invitation, key, value)
        db.session.commit()
        return invitation.code


def invitation_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Invitation.id).where(Invitation.code == code))


def add_members(app, org_id: int, count: int, course_id: int, start: int = 0) -> None:
    """``count`` members (no password hashing), each with a completion and a certificate."""
    with app.app_context():
        for n in range(start, start + count):
            user = User(email=f"bulk{n}@acme.example", password_hash="x", name=f"Bulk {n:03d}", locale="de")
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Membership(org_id=org_id, user_id=user.id, joined_at=utcnow() - timedelta(days=10))
            )
        db.session.commit()
        ids = db.session.scalars(select(User.id).where(User.email.like("bulk%")).order_by(User.id)).all()
    for user_id in ids[start:]:
        complete(app, user_id, course_id)


class QueryCounter:
    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.engine, self.count = engine, 0

    def _count(self, *_args, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:  # type: ignore[no-untyped-def]
        event.remove(self.engine, "before_cursor_execute", self._count)
