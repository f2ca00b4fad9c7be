"""Issuing the certificate of a completed course as a background job, and the mail when it is ready.

The job is idempotent: ``issue_for_completion`` returns the person's active certificate when there is one,
and the database allows one active certificate per person and course, so a retried or repeated job never
issues a second. Signing can fail for a while (a time stamping service that does not answer, a key store
not mounted yet): the job is retried with backoff, and one that still fails is listed for the admins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.auth.models import User
from app.certificates.errors import NotEligible, UnprintableName
from app.certificates.issuing import verify_url
from app.certificates.models import Certificate
from app.certificates.services import active_certificate, issue_for_completion
from app.extensions import db
from app.jobs.queue import enqueue, open_run
from app.jobs.registry import GiveUp, job
from app.mail.templates import send_templated
from app.urls import external_url

logger = logging.getLogger(__name__)

ISSUE = "certificates.issue"


def key(user_id: int, course_id: int) -> str:
    """What the job is about: one open issuing job per person and course."""
    return f"certificate:{user_id}:{course_id}"


def issue_later(user_id: int, course_id: int) -> None:
    """Issue the certificate once the completion has committed (the participant's page says "being
    prepared" until then)."""
    enqueue(ISSUE, user_id, course_id, key=key(user_id, course_id), user_id=user_id)


def preparing(user_id: int, course_ids: list[int]) -> set[int]:
    """Of ``course_ids``, those whose certificate job will still run."""
    return {course_id for course_id in course_ids if open_run(key(user_id, course_id)) is not None}


@contextmanager
def _inserted_certificates() -> Iterator[list[Certificate]]:
    """The certificates this job's session inserts while the block runs (not one found in the database)."""
    session = db.session()
    created: list[Certificate] = []

    def note(any_session: Session, instance: object) -> None:
        if any_session is session and isinstance(instance, Certificate):
            created.append(instance)

    event.listen(Session, "pending_to_persistent", note)
    try:
        yield created
    finally:
        event.remove(Session, "pending_to_persistent", note)


@job(ISSUE, attempts=5, backoff=(10, 60, 300, 1800))
def issue(user_id: int, course_id: int) -> None:
    """Issue (or find) the certificate, and mail the participant when a new one is ready.

    :raises GiveUp: when retrying cannot help (not completed, a name the fonts cannot print).
    :raises IssuingFailed: when rendering or signing failed; the queue retries.
    """
    if active_certificate(user_id, course_id) is not None:
        return
    with _inserted_certificates() as created:
        try:
            certificate = issue_for_completion(user_id, course_id)
        except (NotEligible, UnprintableName) as error:
            raise GiveUp(f"{type(error).__name__}: {error}") from error
    if certificate is None or certificate not in created:
        return  # none, or another run of this job inserted it at the same moment (and mails)
    user = db.session.get(User, user_id)
    if user is None or not user.email:
        return
    lang = user.locale if user.locale in ("de", "en", "zh") else "de"
    send_templated(
        user.email,
        lang,
        "certificate_ready",
        _l("Your certificate is ready"),
        user=user,
        title=certificate.title_in(lang),
        public_id=certificate.public_id,
        link=external_url("certificates.mine"),
        verify=verify_url(certificate.public_id),
    )
