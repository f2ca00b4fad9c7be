"""Issue the certificate when a participant completes a course (the progress feature's signal, connected
by ``app.certificates.init_app``).

The completion only queues the job (app/certificates/jobs.py), which runs once the completion has
committed: a certificate that cannot be issued yet (a signing service down, no key) never costs the
participant their completion, and the participant's page says "being prepared" until it is ready.
"""

from __future__ import annotations

from app.certificates.jobs import issue_later


def issue_on_completion(sender: object, *, user_id: int, course_id: int, **_extra: object) -> None:
    """Queue the certificate for a course just completed."""
    issue_later(user_id, course_id)
