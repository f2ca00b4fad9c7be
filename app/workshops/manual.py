"""Issuing workshop certificates by hand (the admin certificates page): the attendees of a workshop who
do not yet hold what they earned, and issuing it for the chosen ones through ``certify.issue``, so that
a second click, a second tab or a check-in at the same moment still leaves one certificate each."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.auth.models import User
from app.certificates.errors import CertificateError
from app.certificates.models import Certificate
from app.extensions import db
from app.workshops import certify
from app.workshops.models import (
    ATTENDANCE,
    ATTENDED,
    BLENDED,
    CERTIFICATE_PATH,
    REGISTERED,
    Registration,
    Workshop,
)

#: More ticked boxes than this in one form is no real selection.
MAX_SELECTED = 1000


@dataclass(frozen=True)
class Attendee:
    """One checked-in registrant and the workshop certificates they hold or are due."""

    registration: Registration
    held: dict[str, Certificate]
    #: Kinds earned and not held (a certificate an administrator revoked is not due again).
    due: tuple[str, ...]
    #: The certificate-path course is not completed yet: no blended certificate.
    course_open: bool


@dataclass
class Outcome:
    issued: list[Certificate] = field(default_factory=list)
    #: Chosen people who already held everything they earned.
    complete: list[User] = field(default_factory=list)
    #: Chosen people whose certificate could not be rendered or signed (name, error).
    failed: list[tuple[User, CertificateError]] = field(default_factory=list)


class NotAttendees(Exception):
    """Some chosen registrations are no checked-in registrants of this workshop: nothing was issued."""


def attendees(workshop: Workshop) -> list[Attendee]:
    """The workshop's checked-in registrants by name, each with what they hold and what is due."""
    rows = db.session.scalars(
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status == REGISTERED,
            Registration.attendance == ATTENDED,
        )
        .order_by(User.name, Registration.id)
    ).all()
    blended_path = bool(workshop.courses_for(CERTIFICATE_PATH))
    result = []
    for registration in rows:
        user_id = registration.user_id
        held = {
            kind: cert
            for kind in (ATTENDANCE, BLENDED)
            if (cert := certify.certificate_of(user_id, workshop, kind))
        }
        course_open = blended_path and certify.course_completion(user_id, workshop) is None
        earned = [ATTENDANCE] + ([BLENDED] if blended_path and not course_open else [])
        due = tuple(k for k in earned if k not in held and not certify.was_revoked(user_id, workshop, k))
        result.append(Attendee(registration, held, due, course_open))
    return result


def issue_for(workshop: Workshop, registration_ids: list[int], by: User) -> Outcome:
    """Issue what the chosen attendees earned and do not hold; idempotent.

    :raises NotAttendees: when an id is no checked-in registration of ``workshop`` (another workshop's,
        a no-show's, a cancelled one's, or none at all); nothing is issued then.
    """
    by_id = {a.registration.id: a for a in attendees(workshop)}
    if not registration_ids or any(rid not in by_id for rid in registration_ids):
        raise NotAttendees
    outcome = Outcome()
    for rid in dict.fromkeys(registration_ids):  # once each, in the order chosen
        attendee = by_id[rid]
        user = attendee.registration.user
        if not attendee.due:
            outcome.complete.append(user)
            continue
        for kind in attendee.due:
            try:
                with db.session.begin_nested():
                    certificate = certify.issue(user.id, workshop, kind, by=by)
            except CertificateError as error:
                outcome.failed.append((user, error))
                break
            if certificate is not None:
                outcome.issued.append(certificate)
    return outcome
