"""Issue the certificate when a participant completes a course (the progress feature's signal, connected
by ``app.certificates.init_app``).

Runs inside the request that completed the course, in its transaction: the certificate is committed
together with the completion. A certificate that cannot be issued (no signing key in production, a
missing font) must not cost the participant their completion, so failures are logged, the savepoint
is rolled back, and "My certificates" offers to issue it later.
"""

from __future__ import annotations

import logging

from app.certificates.services import issue_for_completion
from app.extensions import db

logger = logging.getLogger(__name__)


def issue_on_completion(sender: object, *, user_id: int, course_id: int, **_extra: object) -> None:
    """Issue (or find) the certificate for a course just completed."""
    try:
        with db.session.begin_nested():
            issue_for_completion(user_id, course_id)
    except Exception:  # a certificate problem must never undo the completion itself
        logger.exception("No certificate issued for user %s, course %s at completion", user_id, course_id)
