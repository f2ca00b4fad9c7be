"""E-mails rendered from templates in the recipient's language."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from app.mail.jobs import send_later
from app.mail.outbox import build_message


def send_templated(
    to: str, locale: str, template: str, subject: object, *, message_id: str | None = None, **context: object
) -> None:
    """Render ``emails/<template>.txt`` in ``locale`` now; it is sent after the transaction commits.

    ``subject`` is a lazy string (``_l``), so that it is translated into the recipient's language too;
    ``message_id`` is for a job that renders the message and may run twice.
    """
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", **context)
        translated_subject = str(subject)
    send_later(build_message(to, translated_subject, text, message_id=message_id))
