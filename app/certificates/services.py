"""Issuing, revoking and re-issuing certificates (the verdict on uploaded files: verification.py).

Plain functions with explicit arguments: they flush, log (the audit trail for now) and raise domain
errors; the caller commits. A certificate is rendered and signed once, when it is issued (~30 ms), and
its PDF is stored; downloads serve the stored bytes. "Exactly one active certificate per person and
course" rests on the unique ``active_key`` column, so two requests completing a course at the same
moment cannot both issue one: the second insert fails and the first certificate is returned.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.audit.models import CERTIFICATE_REVOKED
from app.audit.services import record
from app.auth.models import User
from app.certificates import issuing
from app.certificates.dates import local_date, today
from app.certificates.errors import (
    AlreadyIssued,
    AlreadyRevoked,
    DateNotAllowed,
    HolderErased,
    LanguageNotOffered,
    NotAllowed,
    NotEligible,
    TooManyChanges,
)
from app.certificates.ids import normalise_certificate_id
from app.certificates.labels import LOCALES
from app.certificates.models import (
    REPLACED,
    REVOCATION_CATEGORIES,
    SOURCE_COMPLETION,
    SOURCE_MANUAL,
    SOURCE_REISSUE,
    Certificate,
    active_key,
)
from app.courses.access import can_manage
from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress
from app.timeutil import utcnow

logger = logging.getLogger(__name__)
audit = logging.getLogger("app.certificates.audit")

#: How often a participant may re-issue their own certificate in another language.
MAX_LANGUAGE_CHANGES = 3


# -- reading -------------------------------------------------------------------------------------------


def find_certificate(text: str) -> tuple[str | None, Certificate | None]:
    """The canonical id for what a visitor typed (None: malformed or a typo) and its certificate."""
    public_id = normalise_certificate_id(text)
    if public_id is None:
        return None, None
    return public_id, db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))


def active_certificate(user_id: int, course_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.active_key == active_key(user_id, course_id))
    )


def replacement_of(certificate: Certificate) -> Certificate | None:
    """The newest certificate that replaced this one (re-issue or another language), following the chain."""
    current, newest = certificate, None
    for _step in range(100):  # a chain grows by one per re-issue; the bound only guards against a cycle
        following = db.session.scalar(
            select(Certificate).where(Certificate.replaces_id == current.id).order_by(Certificate.id).limit(1)
        )
        if following is None:
            break
        current = newest = following
    return newest


def certificates_of(user_id: int) -> list[Certificate]:
    """A participant's certificates, active ones first, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(
                Certificate.revoked_at.is_not(None), Certificate.issued_at.desc(), Certificate.id.desc()
            )
        )
    )


def pending_courses(user_id: int) -> list[Course]:
    """Completed courses that issue certificates where the participant never got one (issuing failed,
    or the course was completed before certificates existed)."""
    completed = select(CourseProgress.course_id).where(
        CourseProgress.user_id == user_id, CourseProgress.completed_at.is_not(None)
    )
    held = select(Certificate.course_id).where(
        Certificate.user_id == user_id, Certificate.workshop_id.is_(None)
    )
    courses = db.session.scalars(
        select(Course).where(Course.id.in_(completed), Course.id.not_in(held)).order_by(Course.id)
    )
    return [course for course in courses if (course.settings.get("certificate") or {}).get("enabled", True)]


def certificate_langs(course: Course) -> list[str]:
    """The certificate languages a course can be printed in: those whose languages it is offered in."""
    return [code for code, langs in LOCALES.items() if set(langs) <= set(course.languages)]


def default_lang(user: User, course: Course) -> str:
    """The certificate language when nobody chose one: the participant's interface language, or the
    course's source language when the course is not offered in the interface language."""
    return user.locale if user.locale in certificate_langs(course) else course.source_lang


# -- issuing -------------------------------------------------------------------------------------------


def issue_for_completion(user_id: int, course_id: int, lang: str | None = None) -> Certificate | None:
    """The certificate for a completed course: the active one, or a new one issued now.

    Returns None when the course issues no certificates, or when an administrator revoked the
    person's certificate (completing again must not undo that).
    :raises NotEligible: when the course is not completed.
    :raises IssuingFailed: when rendering or signing fails.
    """
    existing = active_certificate(user_id, course_id)
    if existing is not None:
        return existing
    course = db.session.get(Course, course_id)
    user = db.session.get(User, user_id)
    if course is None or user is None:
        raise NotEligible("no such user or course")
    settings = course.settings.get("certificate") or {}
    if not settings.get("enabled", True):
        return None
    successor = aliased(Certificate)
    revoked = db.session.scalar(
        select(Certificate.public_id)
        .where(Certificate.user_id == user_id, Certificate.course_id == course_id)
        .where(Certificate.revoked_at.is_not(None))
        .where(~exists().where(successor.replaces_id == Certificate.id))  # a re-issue is no revocation
        .limit(1)
    )
    if revoked is not None:
        logger.info("Not issuing for user %s, course %s: %s was revoked", user_id, course.slug, revoked)
        return None
    progress = db.session.scalar(
        select(CourseProgress).where(CourseProgress.user_id == user_id, CourseProgress.course_id == course_id)
    )
    if progress is None or progress.completed_at is None:
        raise NotEligible("course not completed")
    completed_on = local_date(progress.completed_at)
    facts = issuing.Facts(
        lang=lang or default_lang(user, course),
        completed_on=completed_on,
        score_percent=progress.score_percent if settings.get("show_score") else None,
        valid_until=issuing.validity_until(course, completed_on),
    )
    certificate = issuing.build(user, course, facts)
    certificate.source = SOURCE_COMPLETION
    try:
        return issuing.store(certificate)
    except IntegrityError:
        winner = active_certificate(user_id, course_id)
        if winner is None:
            raise
        logger.info("Concurrent completion of %s by user %s: kept %s", course.slug, user_id, winner.public_id)
        return winner


def issue_manually(
    user: User,
    course: Course,
    lang: str,
    issued_by: User | None,
    completed_on: date | None = None,
    *,
    note: str,
) -> Certificate:
    """Issue a certificate by hand, e.g. for the live workshop (no score is printed).

    :param issued_by: the admin or trainer (None from the command line).
    :param completed_on: the workshop's date: not in the future, not before the course existed (default today).
    :param note: why, for the audit log and the admin list (e.g. "attended the workshop on 20 November").
    :raises NotAllowed: when ``issued_by`` may not manage the course.
    :raises DateNotAllowed: for a date in the future or before the course existed.
    :raises ValueError: without a note.
    :raises AlreadyIssued: when the person already holds an active certificate for the course.
    :raises LanguageNotOffered: when the course is not offered in the certificate's language(s).
    :raises IssuingFailed: when rendering or signing fails.
    """
    if issued_by is not None and not can_manage(issued_by, course):
        raise NotAllowed(course.slug)
    if lang not in certificate_langs(course):
        raise LanguageNotOffered(course.slug, lang, certificate_langs(course))
    note = _note(note)
    if not note:
        raise ValueError("A certificate issued by hand needs a reason.")
    latest, earliest = today(), local_date(course.created_at)
    completed_on = completed_on or latest
    if not earliest <= completed_on <= latest:
        raise DateNotAllowed(completed_on, earliest, latest)
    existing = active_certificate(user.id, course.id)
    if existing is not None:
        raise AlreadyIssued(existing)
    facts = issuing.Facts(lang, completed_on, None, issuing.validity_until(course, completed_on))
    certificate = issuing.build(user, course, facts)
    certificate.source = SOURCE_MANUAL
    certificate.issued_by_id = issued_by.id if issued_by else None
    certificate.issue_note = note
    try:
        return issuing.store(certificate)
    except IntegrityError:
        winner = active_certificate(user.id, course.id)
        if winner is None:
            raise
        raise AlreadyIssued(winner) from None


def _note(text: str | None) -> str:
    """A note as recorded: single spaces, no invisible format characters (zero-width, bidi overrides)."""
    return " ".join("".join(c for c in text or "" if unicodedata.category(c) != "Cf").split())[:500]


def revoke(certificate: Certificate, category: str, by: User | None, note: str | None = None) -> Certificate:
    """Revoke a certificate; verification reports it as revoked with the category from then on.

    :param category: the public reason, one of REVOCATION_CATEGORIES.
    :param note: the admin's own words, kept internal (audit log and admin list only).
    :raises AlreadyRevoked: when it is revoked already.
    :raises ValueError: for an unknown category.
    """
    if category not in REVOCATION_CATEGORIES:
        raise ValueError(
            f"Unknown revocation category {category!r}; use one of {', '.join(REVOCATION_CATEGORIES)}."
        )
    note = _note(note) or None
    if certificate.revoked:
        raise AlreadyRevoked(certificate.public_id)
    certificate.revoked_at = utcnow()
    certificate.revocation_category = category
    certificate.revocation_note = note
    certificate.active_key = None
    db.session.flush()
    record(
        CERTIFICATE_REVOKED, actor_id=by.id if by else None, target=f"certificate:{certificate.public_id}",
        holder=f"user:{certificate.user_id}" if certificate.user_id else None,
        course=certificate.course.slug, category=category, reason=note,
    )  # fmt: skip
    audit.info(
        "certificate revoked: %s user=%s course=%s by=%s category=%s note=%r",
        certificate.public_id, certificate.user_id, certificate.course_id, by.id if by else None, category, note,
    )  # fmt: skip
    return certificate


def reissue(
    certificate: Certificate, by: User | None, lang: str | None = None, *, language_change: bool = False
) -> Certificate:
    """Replace a certificate by a new one (new id) with the person's current name and the same facts.

    The old one stays, revoked as "replaced" (unless it was revoked already, e.g. by mistake: then it
    keeps its reason and this restores a certificate); verification points from it to the new one.
    :raises AlreadyIssued: when another certificate for the person and course is active.
    :raises HolderErased: when the holder has deleted their account.
    :raises LanguageNotOffered: for a new language the course is not offered in.
    :raises IssuingFailed: when rendering or signing fails (nothing is changed then).
    """
    if certificate.user_id is None:
        raise HolderErased(certificate.public_id)
    if lang not in (None, certificate.lang) and lang not in certificate_langs(certificate.course):
        raise LanguageNotOffered(certificate.course.slug, lang, certificate_langs(certificate.course))
    other = active_certificate(certificate.user_id, certificate.course_id)
    if other is not None and other.id != certificate.id and not certificate.workshop_facts:
        raise AlreadyIssued(other)
    facts = issuing.Facts(
        lang or certificate.lang, certificate.completed_on, certificate.score_percent, certificate.valid_until
    )
    if certificate.workshop_facts:  # rendered by the workshops feature, which builds on this module
        from app.workshops.certify import rebuild

        new = rebuild(certificate, facts.lang)
    else:
        new = issuing.build(
            certificate.user, certificate.course, facts
        )  # render and sign before changing anything
    if not certificate.revoked:
        revoke(certificate, REPLACED, by)
    new.source = SOURCE_REISSUE
    new.issued_by_id = by.id if by else None
    new.replaces_id = certificate.id
    new.language_changes = certificate.language_changes + (1 if language_change else 0)
    try:
        return issuing.store(new)
    except IntegrityError:
        winner = active_certificate(certificate.user_id, certificate.course_id)
        if winner is None:
            raise
        raise AlreadyIssued(winner) from None


def change_language(certificate: Certificate, user: User, lang: str) -> Certificate:
    """A participant re-issues their own certificate in another language (at most a few times).

    :raises AlreadyRevoked: for a revoked certificate.
    :raises TooManyChanges: when the participant has changed the language MAX_LANGUAGE_CHANGES times.
    """
    if certificate.user_id != user.id:
        raise PermissionError("not the holder")
    if certificate.revoked:
        raise AlreadyRevoked(certificate.public_id)
    if lang == certificate.lang:
        return certificate
    if certificate.language_changes >= MAX_LANGUAGE_CHANGES:
        raise TooManyChanges(certificate.public_id)
    return reissue(certificate, user, lang, language_change=True)
