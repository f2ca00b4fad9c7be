"""Mail goes out as a background job, after the transaction that caused it has committed."""

from __future__ import annotations

import base64
import email
import email.policy
from email.message import EmailMessage

from app.jobs.queue import enqueue
from app.jobs.registry import job
from app.mail.outbox import deliver


def send_later(message: EmailMessage) -> None:
    """Send ``message`` (rendered now, while its data can be read) once the transaction commits.

    Delivery is at least once: a retry after a lost SMTP answer may repeat a message.
    """
    enqueue("mail.send", base64.b64encode(bytes(message)).decode("ascii"))


@job("mail.send", attempts=4, backoff=(30, 120, 600), tracked=False)
def send_mail(raw: str) -> None:
    """Deliver one rendered message; SMTP errors raise, so that the queue retries."""
    message = email.message_from_bytes(base64.b64decode(raw), policy=email.policy.default)
    deliver(message)  # type: ignore[arg-type]
