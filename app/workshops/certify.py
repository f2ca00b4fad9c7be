"""Workshop certificates: attendance once someone is checked in, blended once they have also completed
the workshop's certificate-path course (in either order). Signed and stored like course certificates, so
the verification page, its JSON and the upload check treat them alike.

One active certificate per person, workshop and kind rests on the unique ``active_key``
("user:course:w<id>a" / "…:w<id>b"); a certificate an administrator revoked is not issued again.
Issuing is tried in a savepoint by the check-in and the completion hooks: a certificate problem never
undoes the check-in or the completion (it is logged, and ``issue_due`` catches up later).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.models import CERTIFICATE_ISSUED
from app.audit.services import record
from app.auth.models import User
from app.certificates.dates import local_date
from app.certificates.errors import IssuingFailed, UnprintableName
from app.certificates.ids import new_certificate_id
from app.certificates.issuing import verify_url
from app.certificates.keys import SigningNotConfigured, signing_setup
from app.certificates.models import SOURCE_COMPLETION, Certificate, active_key
from app.certificates.pdf import CertificateData
from app.courses.models import Course
from app.extensions import db
from app.fonts import FontError, UnprintableText
from app.progress.models import CourseProgress
from app.timeutil import in_zone, utcnow
from app.workshops.models import (
    ATTENDANCE,
    ATTENDED,
    BLENDED,
    CERTIFICATE_PATH,
    PREPARE,
    REGISTERED,
    Registration,
    Workshop,
    WorkshopCourse,
)

logger = logging.getLogger(__name__)
audit = logging.getLogger("app.certificates.audit")
LANGS = ("de", "en", "zh")


def key(user_id: int, course_id: int, workshop_id: int, kind: str) -> str:
    return active_key(user_id, course_id, f"w{workshop_id}{kind[0]}")


def anchor_course(workshop: Workshop) -> Course | None:
    """The course a workshop certificate is filed under: the certificate path, else a prepare course."""
    courses = workshop.courses_for(CERTIFICATE_PATH) or workshop.courses_for(PREPARE)
    return courses[0] if courses else None


def certificate_of(user_id: int, workshop: Workshop, kind: str) -> Certificate | None:
    """The person's active certificate of this kind for the workshop."""
    course = anchor_course(workshop)
    if course is None:
        return None
    return db.session.scalar(
        select(Certificate).where(Certificate.active_key == key(user_id, course.id, workshop.id, kind))
    )


def was_revoked(user_id: int, workshop: Workshop, kind: str) -> bool:
    """An administrator revoked this kind of certificate for the person: it is not issued again."""
    rows = db.session.scalars(
        select(Certificate).where(
            Certificate.user_id == user_id,
            Certificate.workshop_id == workshop.id,
            Certificate.revoked_at.is_not(None),
        )
    )
    return any((row.workshop_facts or {}).get("kind") == kind for row in rows)


def course_completion(user_id: int, workshop: Workshop) -> date | None:
    """The day the person completed the last of the workshop's certificate-path courses; None if not all."""
    days = []
    for course in workshop.courses_for(CERTIFICATE_PATH):
        completed = db.session.scalar(
            select(CourseProgress.completed_at).where(
                CourseProgress.user_id == user_id, CourseProgress.course_id == course.id
            )
        )
        if completed is None:
            return None
        days.append(local_date(completed))
    return max(days) if days else None


def facts(workshop: Workshop, kind: str, course_day: date | None = None) -> dict:
    """What the certificate states about the workshop (stored as ``workshop_facts``)."""
    first = in_zone(workshop.starts_at, workshop.timezone).date()
    last = in_zone(workshop.ends_at, workshop.timezone).date()
    course = workshop.courses_for(CERTIFICATE_PATH)
    return {
        "kind": kind,
        "title": dict(workshop.title),
        "date": first.isoformat(),
        "end_date": last.isoformat(),
        "place": workshop.venue if workshop.format != "online" else None,
        "online": workshop.format in ("online", "hybrid"),
        "hours": workshop.cpd_hours,
        "trainers": workshop.trainer_names(),
        "course_title": course[0].title if kind == BLENDED and course else None,
        "course_completed_on": course_day.isoformat() if course_day else None,
    }


def _lang(user: User) -> str:
    return user.locale if user.locale in LANGS else "de"


def _render(user: User, kind_facts: dict, public_id: str, issuer: str, on: date, lang: str) -> bytes:
    from app.certificates.signing import sign_pdf  # ReportLab and pyHanko load with the first certificate
    from app.workshops.certificate_pdf import WorkshopCertificateData, render_workshop_certificate

    base = CertificateData(
        cert_id=public_id, verify_url=verify_url(public_id), name=user.name, name_zh=user.name_zh or None,
        course_title=kind_facts["title"], completed_on=on, issuer=issuer,
        trainers=tuple(kind_facts["trainers"]),
    )  # fmt: skip
    data = WorkshopCertificateData(
        base=base,
        kind=kind_facts["kind"],
        first_day=date.fromisoformat(kind_facts["date"]),
        last_day=date.fromisoformat(kind_facts["end_date"]),
        place=kind_facts["place"],
        hybrid=bool(kind_facts["place"]) and kind_facts["online"],
        hours=kind_facts["hours"],
        course_title=kind_facts["course_title"],
        course_completed_on=(
            date.fromisoformat(kind_facts["course_completed_on"])
            if kind_facts["course_completed_on"]
            else None
        ),
    )
    pdf = render_workshop_certificate(data, lang)
    setup = signing_setup(current_app.config, current_app.instance_path)
    return sign_pdf(
        pdf, setup.signer, long_term=setup.long_term, reason=f"Certificate {public_id}", name=issuer
    )


def _make(user: User, kind_facts: dict, course_id: int, workshop_id: int, on: date, lang: str) -> Certificate:
    """Render and sign a workshop certificate (not yet added to the session).

    :raises UnprintableName: for a name the fonts cannot print.
    :raises IssuingFailed: when there is no signing key, a font is missing or signing fails.
    """
    from app.certificates.signing import SigningError

    issuer = current_app.config.get("CERT_ISSUER") or "ChInValue Academy"
    public_id = new_certificate_id()
    try:
        pdf = _render(user, kind_facts, public_id, issuer, on, lang)
    except UnprintableText as error:
        raise UnprintableName(error.char) from error
    except (SigningNotConfigured, FontError, FileNotFoundError, SigningError, OSError, ValueError) as error:
        logger.error("Workshop %s certificate for user %s not issued: %s", workshop_id, user.id, error)
        raise IssuingFailed(str(error)) from error
    return Certificate(
        public_id=public_id, user_id=user.id, course_id=course_id, lang=lang, name=user.name,
        name_zh=user.name_zh or None, issuer=issuer, course_title=kind_facts["title"], completed_on=on,
        score_percent=None, valid_until=None, issued_at=utcnow(), source=SOURCE_COMPLETION,
        active_key=key(user.id, course_id, workshop_id, kind_facts["kind"]), pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(), workshop_id=workshop_id, workshop_facts=kind_facts,
    )  # fmt: skip


def rebuild(certificate: Certificate, lang: str) -> Certificate:
    """A new rendering of an issued workshop certificate (re-issue: the holder's current name, ``lang``),
    with the facts as they were printed; not yet added to the session.

    :raises UnprintableName, IssuingFailed: as for a first issue.
    """
    return _make(
        certificate.user, dict(certificate.workshop_facts or {}), certificate.course_id,
        certificate.workshop_id or 0, certificate.completed_on, lang,
    )  # fmt: skip


def _issue(
    user: User, workshop: Workshop, course: Course, kind: str, course_day: date | None, by: User | None
) -> Certificate:
    """Render, sign and store one workshop certificate (raises as ``_make``); the audit names ``by`` as
    the actor when someone issued it by hand, else the holder whose check-in or completion earned it."""
    kind_facts = facts(workshop, kind, course_day)
    workshop_day = date.fromisoformat(kind_facts["end_date"])
    on = max(workshop_day, course_day) if course_day else workshop_day
    certificate = _make(user, kind_facts, course.id, workshop.id, on, _lang(user))
    with db.session.begin_nested():
        db.session.add(certificate)
    record(
        CERTIFICATE_ISSUED, actor_id=(by or user).id, target=f"certificate:{certificate.public_id}",
        holder=f"user:{user.id}", course=course.slug, lang=certificate.lang,
        source=f"workshop_{kind}" + ("_manual" if by else ""), workshop=workshop.id,
    )  # fmt: skip
    audit.info(
        "workshop certificate issued: %s user=%s workshop=%s kind=%s",
        certificate.public_id, user.id, workshop.id, kind,
    )  # fmt: skip
    return certificate


def issue(user_id: int, workshop: Workshop, kind: str, by: User | None = None) -> Certificate | None:
    """The person's certificate of ``kind`` for the workshop: the active one, or a new one if they have
    earned it (attended; blended: also completed the certificate-path course). None when not earned, when
    the workshop has no linked course, or when an administrator revoked the earlier one.

    :param by: who issued it by hand (the admin page), None when earned by check-in or completion.
    :raises IssuingFailed: when rendering or signing fails.
    """
    course = anchor_course(workshop)
    if course is None or workshop.cancelled_at is not None:
        return None
    existing = certificate_of(user_id, workshop, kind)
    if existing is not None:
        return existing
    registration = db.session.scalar(
        select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user_id)
    )
    if registration is None or registration.status != REGISTERED or registration.attendance != ATTENDED:
        return None
    course_day = course_completion(user_id, workshop) if kind == BLENDED else None
    if kind == BLENDED and course_day is None:
        return None
    if was_revoked(user_id, workshop, kind):
        return None
    user = db.session.get(User, user_id)
    try:
        return _issue(user, workshop, course, kind, course_day, by)
    except IntegrityError:  # issued at the same moment by another request
        winner = certificate_of(user_id, workshop, kind)
        if winner is None:
            raise
        return winner


def issue_due(user_id: int, workshop: Workshop) -> list[Certificate]:
    """Every workshop certificate the person has earned and does not hold yet (attendance, blended)."""
    issued = []
    for kind in (ATTENDANCE, BLENDED):
        try:
            with db.session.begin_nested():
                certificate = issue(user_id, workshop, kind)
        except Exception:  # never undo a check-in or a completion because of a certificate
            logger.exception("No %s certificate for user %s, workshop %s", kind, user_id, workshop.id)
            continue
        if certificate is not None:
            issued.append(certificate)
    return issued


def on_course_completed(sender: object, *, user_id: int, course_id: int, **_extra: object) -> None:
    """A completed course may finish a blended certificate for a workshop already attended."""
    workshops = db.session.scalars(
        select(Workshop)
        .join(WorkshopCourse, WorkshopCourse.workshop_id == Workshop.id)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            WorkshopCourse.course_id == course_id,
            WorkshopCourse.role == CERTIFICATE_PATH,
            Registration.user_id == user_id,
            Registration.attendance == ATTENDED,
        )
    ).all()
    for workshop in workshops:
        issue_due(user_id, workshop)
