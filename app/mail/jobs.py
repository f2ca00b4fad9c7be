"""Mail goes out as a background job, after the transaction that caused it has committed.

Delivery is **at least once, de-duplicated by Message-ID**: every message gets its Message-ID when it is
rendered, and the job records that ID (``mail_deliveries``) in the same transaction as the delivery's
outcome. A job that runs again for a message already recorded (a retry, an abandoned job re-run after its
worker died, the same job run by two workers) sends nothing. What remains: a worker killed between the
SMTP server's acceptance and the commit sends the message again, with the same Message-ID, which mail
systems show as one message.
"""

from __future__ import annotations

import base64
import email
import email.policy
import logging
from email.message import EmailMessage

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.jobs.queue import enqueue
from app.jobs.registry import job
from app.mail.models import MailDelivery
from app.mail.outbox import deliver

log = logging.getLogger(__name__)


def send_later(message: EmailMessage) -> None:
    """Send ``message`` (rendered now, while its data can be read) once the transaction commits."""
    enqueue("mail.send", base64.b64encode(bytes(message)).decode("ascii"))


@job("mail.send", attempts=4, backoff=(30, 120, 600), tracked=False)
def send_mail(raw: str) -> None:
    """Deliver one rendered message unless it has been delivered; SMTP errors raise, so that the queue
    retries (and the claim on its Message-ID is rolled back with the job's transaction)."""
    message = email.message_from_bytes(base64.b64decode(raw), policy=email.policy.default)
    message_id = str(message["Message-ID"] or "")[:255]
    if message_id:
        if db.session.get(MailDelivery, message_id) is not None:
            log.info("mail %s to %s was delivered before; not sent again", message_id, message["To"])
            return
        try:  # on PostgreSQL a second run at the same moment waits here for the first one's commit
            db.session.add(MailDelivery(message_id=message_id))
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            log.info("mail %s to %s was delivered by another run; not sent again", message_id, message["To"])
            return
    deliver(message)  # type: ignore[arg-type]
