"""Everything the platform holds about one person, as one JSON-ready dictionary (the shape is in docs/privacy.md).

A plain function over the database: no request, no Flask globals beyond the app's configuration (for the
certificates' verification links). Only the person's own rows go in: other people appear at most as
"user:<id>" in the audit events the person caused, never with a name, address or IP address.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEvent
from app.auth.models import User
from app.authoring.models import Draft
from app.certificates.issuing import verify_url
from app.certificates.models import Certificate
from app.certificates.services import today
from app.courses.models import Course, CourseTrainer, Module, ModuleRevision, ModuleText, QuizRevision
from app.extensions import db
from app.hrapi.models import ApiToken
from app.orgs.models import Invitation, Membership
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt, QuizOverride
from app.sessions.models import UserSession
from app.timeutil import utcnow

#: Identifies the document; ``VERSION`` changes only when a field changes meaning or disappears.
FORMAT = "chinvalue-academy/personal-data"
VERSION = 1


def timestamp(moment: datetime | None) -> str | None:
    """A stored (naive UTC) moment as ISO 8601 with a Z, to the second."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def export_personal_data(user: User, now: datetime | None = None) -> dict[str, Any]:
    """The person's data: account, learning, certificates, company, teaching, sessions and audit events.

    :param user: the account to export; nothing of any other account is included.
    :param now: the moment written as ``exported_at`` (default: now).
    """
    names = _Names()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timestamp(now or utcnow()),
        "account": _account(user),
        "course_progress": _course_progress(user.id, names),
        "module_progress": _module_progress(user.id, names),
        "quiz_attempts": _quiz_attempts(user.id, names),
        "quiz_overrides": _quiz_overrides(user.id, names),
        "certificates": _certificates(user.id, names),
        "company": _company(user.id),
        "invitations_used": _invitations_used(user.id),
        "teaching": _teaching(user.id, names),
        "api_tokens_created": _api_tokens(user.id),
        "sessions": _sessions(user.id),
        "audit_events": _audit_events(user),
    }


class _Names:
    """Course slugs and titles, and module slugs, looked up once each."""

    def __init__(self) -> None:
        self._courses: dict[int, Course | None] = {}
        self._modules: dict[int, Module | None] = {}

    def course(self, course_id: int | None) -> dict[str, Any] | None:
        if course_id is None:
            return None
        if course_id not in self._courses:
            self._courses[course_id] = db.session.get(Course, course_id)
        course = self._courses[course_id]
        return None if course is None else {"slug": course.slug, "title": dict(course.title)}

    def module(self, module_id: int | None) -> str | None:
        if module_id is None:
            return None
        if module_id not in self._modules:
            self._modules[module_id] = db.session.get(Module, module_id)
        module = self._modules[module_id]
        return None if module is None else module.slug

    def course_of_module(self, module_id: int) -> dict[str, Any] | None:
        self.module(module_id)
        module = self._modules[module_id]
        return None if module is None else self.course(module.course_id)


def _account(user: User) -> dict[str, Any]:
    # Not exported: the password hash and the session token (secrets that protect the account).
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "name_zh": user.name_zh,
        "locale": user.locale,
        "role": user.role,
        "email_confirmed_at": timestamp(user.email_confirmed_at),
        "created_at": timestamp(user.created_at),
        "last_login_at": timestamp(user.last_login_at),
    }


def _course_progress(user_id: int, names: _Names) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(CourseProgress).where(CourseProgress.user_id == user_id).order_by(CourseProgress.id)
    )
    return [
        {
            "course": names.course(row.course_id),
            "started_at": timestamp(row.started_at),
            "last_visited_at": timestamp(row.last_visited_at),
            "last_module": names.module(row.last_module_id),
            "modules_passed": row.modules_passed,
            "percent": row.percent,
            "completed_at": timestamp(row.completed_at),
            "score_percent": row.score_percent,
        }
        for row in rows
    ]


def _module_progress(user_id: int, names: _Names) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(ModuleProgress).where(ModuleProgress.user_id == user_id).order_by(ModuleProgress.id)
    )
    return [
        {
            "course": names.course(row.course_id),
            "module": names.module(row.module_id),
            "status": row.status,
            "opened_at": timestamp(row.opened_at),
            "passed_at": timestamp(row.passed_at),
            "attempts": row.attempts,
            "best_percent": row.best_percent,
            "last_percent": row.last_percent,
        }
        for row in rows
    ]


def _quiz_attempts(user_id: int, names: _Names) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id)
        .options(selectinload(QuizAttempt.quiz_revision))
        .order_by(QuizAttempt.id)
    )
    attempts = []
    for row in rows:
        attempts.append(
            {
                "id": row.id,
                "course": names.course_of_module(row.module_id),
                "module": names.module(row.module_id),
                "quiz_revision": row.quiz_revision.number,
                "number": row.number,
                "lang": row.lang,
                "started_at": timestamp(row.started_at),
                "submitted_at": timestamp(row.submitted_at),
                "questions_shown": row.layout,
                "answers": row.responses,
                "results": row.results,
                "score": row.score,
                "max_score": row.max_score,
                "percent": row.percent,
                "pass_mark": row.pass_mark,
                "passed": row.passed,
            }
        )
    return attempts


def _quiz_overrides(user_id: int, names: _Names) -> list[dict[str, Any]]:
    """The trainers' exceptions to the attempt rules for the person, with their reasons (not who gave them)."""
    rows = db.session.scalars(
        select(QuizOverride).where(QuizOverride.user_id == user_id).order_by(QuizOverride.id)
    )
    return [
        {
            "course": names.course_of_module(row.module_id),
            "module": names.module(row.module_id),
            "kind": row.kind,
            "reason": row.reason,
            "granted_at": timestamp(row.granted_at),
            "used_at": timestamp(row.used_at),
        }
        for row in rows
    ]


def _certificates(user_id: int, names: _Names) -> list[dict[str, Any]]:
    on = today()  # in the platform's time zone, as on the verification page
    rows = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at, Certificate.id)
    )
    # The PDF itself is not included: it is downloaded from the certificates page.
    return [
        {
            "id": row.public_id,
            "course": names.course(row.course_id),
            "course_title": dict(row.course_title),
            "language": row.lang,
            "name": row.name,
            "name_zh": row.name_zh,
            "completed_on": day(row.completed_on),
            "score_percent": row.score_percent,
            "valid_until": day(row.valid_until),
            "issued_at": timestamp(row.issued_at),
            "source": row.source,
            "status": row.status(on),
            "revoked_at": timestamp(row.revoked_at),
            "revocation_category": row.revocation_category,
            "revocation_note": row.revocation_note,
            "sha256": row.sha256,
            "verify_url": verify_url(row.public_id),
        }
        for row in rows
    ]


def _company(user_id: int) -> dict[str, Any] | None:
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user_id))
    if membership is None:
        return None
    return {
        "name": membership.org.name,
        "role": membership.role,
        "team": membership.team,
        "joined_at": timestamp(membership.joined_at),
        "share_scores": membership.share_scores,
        "share_history": membership.share_history,
    }


def _invitations_used(user_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Invitation).where(Invitation.used_by_id == user_id).order_by(Invitation.used_at, Invitation.id)
    )
    # Who created the invitation is the company's business, not the person's data: left out.
    return [
        {
            "company": row.org.name,
            "sent_to": row.email,
            "created_at": timestamp(row.created_at),
            "used_at": timestamp(row.used_at),
        }
        for row in rows
    ]


def _teaching(user_id: int, names: _Names) -> dict[str, list[dict[str, Any]]]:
    """Courses assigned to a trainer, their drafts and the revisions they published from the editor."""
    assigned = db.session.scalars(
        select(CourseTrainer).where(CourseTrainer.user_id == user_id).order_by(CourseTrainer.id)
    )
    drafts = db.session.scalars(select(Draft).where(Draft.author_id == user_id).order_by(Draft.id))
    return {
        "courses": [
            {"course": names.course(row.course_id), "assigned_at": timestamp(row.assigned_at)}
            for row in assigned
        ],
        "drafts": [
            {
                "course": names.course_of_module(row.module_id),
                "module": names.module(row.module_id),
                "kind": row.kind,
                "lang": row.lang,
                "based_on_revision": row.base_number,
                "updated_at": timestamp(row.updated_at),
                "source": row.source,
            }
            for row in drafts
        ],
        "module_revisions": _revisions(
            select(ModuleRevision)
            .where(ModuleRevision.author_id == user_id)
            .options(selectinload(ModuleRevision.texts).undefer(ModuleText.source))
            .order_by(ModuleRevision.id),
            names,
        ),
        "quiz_revisions": _revisions(
            select(QuizRevision)
            .where(QuizRevision.author_id == user_id)
            .options(selectinload(QuizRevision.texts))
            .order_by(QuizRevision.id),
            names,
        ),
    }


def _revisions(query: Select, names: _Names) -> list[dict[str, Any]]:
    """Revisions published from the browser editor, with the text of every language as written."""
    return [
        {
            "course": names.course_of_module(row.module_id),
            "module": names.module(row.module_id),
            "number": row.number,
            "status": row.status,
            "created_at": timestamp(row.created_at),
            "texts": {text.lang: text.source for text in row.texts},
        }
        for row in db.session.scalars(query)
    ]


def _api_tokens(user_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(select(ApiToken).where(ApiToken.created_by_id == user_id).order_by(ApiToken.id))
    # The token itself is never stored; its hash is a secret of the company and left out.
    return [
        {
            "company": row.org.name,
            "label": row.label,
            "prefix": row.prefix,
            "created_at": timestamp(row.created_at),
            "last_used_at": timestamp(row.last_used_at),
            "revoked_at": timestamp(row.revoked_at),
        }
        for row in rows
    ]


def _sessions(user_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.id)
    )
    # The cookie's token is never stored; its hash would be of no use to anyone and is left out.
    return [
        {
            "started_at": timestamp(row.created_at),
            "last_seen_at": timestamp(row.last_seen_at),
            "ended_at": timestamp(row.ended_at),
            "end_cause": row.end_cause,
            "stay_signed_in": row.remember,
            "user_agent": row.user_agent,
            "ip": row.ip,
        }
        for row in rows
    ]


def _audit_events(user: User) -> list[dict[str, Any]]:
    """Events the person caused, events about their account (since it exists: SQLite may give the id of a
    deleted account to a new one) and events about their certificates."""
    certificates = db.session.scalars(select(Certificate.public_id).where(Certificate.user_id == user.id))
    about = or_(
        and_(AuditEvent.target == f"user:{user.id}", AuditEvent.at >= user.created_at),
        AuditEvent.target.in_([f"certificate:{public_id}" for public_id in certificates]),
    )
    rows = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == user.id, about))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    events = []
    for row in rows:
        by_you = row.actor_id == user.id
        events.append(
            {
                "at": timestamp(row.at),
                "kind": row.kind,
                "by_you": by_you,
                "target": row.target,
                # Someone else's address (an admin, or whoever typed a wrong password) is not the person's data.
                "ip": row.ip if by_you else None,
                "details": dict(row.details or {}),
            }
        )
    return events
