"""The visibility rules in SQL (which let the HR API filter, count and page in the database) decide exactly
as the Python rules do, on every edge: before, at and after joining, shared history or not, revoked."""

from __future__ import annotations

import hashlib
import itertools
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.auth.models import User
from app.certificates.ids import new_certificate_id
from app.certificates.models import Certificate, active_key
from app.extensions import db
from app.orgs.models import Membership
from app.orgs.visibility import (
    certificate_visible,
    certificate_visible_sql,
    course_status,
    grant_for,
    status_sql,
)
from app.progress.models import CourseProgress
from app.timeutil import utcnow


def test_sql_and_python_visibility_agree_on_every_case(app, world):
    joined = utcnow().replace(microsecond=0) - timedelta(days=30)
    moments = [None, joined - timedelta(days=1), joined, joined + timedelta(seconds=1)]
    progress_cases = [None] + [
        (done, seen) for done, seen in itertools.product(moments, moments[1:]) if done is None or done <= seen
    ]
    day = joined.date()
    certificate_cases = list(
        itertools.product(
            [joined - timedelta(hours=1), joined, joined + timedelta(days=2)],
            [day - timedelta(days=1), day, day + timedelta(days=1)],
            [False, True],
        )
    )
    cases = list(itertools.product([False, True], progress_cases))
    with app.app_context():
        for n, (shared, progress) in enumerate(cases):
            user = User(email=f"edge{n}@acme.example", password_hash="x", name=f"Edge {n:03d}", locale="en")
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Membership(org_id=world.acme, user_id=user.id, joined_at=joined, share_history=shared)
            )
            if progress is not None:
                done, seen = progress
                db.session.add(
                    CourseProgress(
                        user_id=user.id, course_id=world.course_id, started_at=seen - timedelta(hours=1),
                        last_visited_at=seen, completed_at=done, score_percent=90.0 if done else None,
                        percent=100.0 if done else 40.0,
                    )
                )  # fmt: skip
            issued, completed_on, revoked = certificate_cases[n % len(certificate_cases)]
            pdf = f"%PDF stand-in {n}".encode()
            db.session.add(
                Certificate(
                    public_id=new_certificate_id(), user_id=user.id, course_id=world.course_id, lang="en",
                    name=user.name, issuer="Test", course_title={"en": "Sample"}, completed_on=completed_on,
                    issued_at=issued, revoked_at=issued + timedelta(days=1) if revoked else None,
                    active_key=None if revoked else active_key(user.id, world.course_id), pdf=pdf,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                )
            )  # fmt: skip
        db.session.commit()

        progress = aliased(CourseProgress)
        query = (
            select(
                Membership,
                progress,
                Certificate,
                status_sql(Membership, progress),
                certificate_visible_sql(Membership, Certificate),
            )
            .join(User, User.id == Membership.user_id)
            .outerjoin(progress, progress.user_id == Membership.user_id)
            .join(Certificate, Certificate.user_id == Membership.user_id)
            .where(User.email.like("edge%"))
        )
        checked = 0
        kinds = set()
        for membership, row, certificate, sql_status, sql_visible in db.session.execute(query):
            grant = grant_for(membership)
            assert sql_status == course_status(grant, row).status, (membership.share_history, row)
            assert bool(sql_visible) == certificate_visible(grant, certificate), (
                membership.share_history,
                certificate.issued_at,
                certificate.completed_on,
                certificate.revoked_at,
            )
            kinds.add((sql_status, bool(sql_visible)))
            checked += 1
        assert checked == len(cases)
        # The cases reach every status, with and without a visible certificate.
        assert {status for status, _v in kinds} == {"not_started", "in_progress", "completed"}
        assert {visible for _s, visible in kinds} == {False, True}
