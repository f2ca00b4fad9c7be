"""Sending e-mail: through SMTP when configured, otherwise into a local outbox folder.

The outbox (instance/outbox by default) holds one .eml file per message; development and tests read it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def outbox_dir() -> Path:
    folder = current_app.config.get("MAIL_OUTBOX") or str(Path(current_app.instance_path) / "outbox")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_message_id() -> str:
    """A Message-ID: the mail job's idempotency key (app.mail.jobs)."""
    return make_msgid(domain="chinvalue.academy")


def build_message(
    to: str, subject: str, text: str, html: str | None = None, message_id: str | None = None
) -> EmailMessage:
    """``message_id``: given by a job that may run twice for one message (see app.mail.jobs)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or new_message_id()
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    """Deliver one message; a failing SMTP server is logged, never shown to the user as a 500."""
    try:
        deliver(message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail to %s", message["To"])


def deliver(message: EmailMessage) -> None:
    """Deliver one message (the mail job's work).

    :raises OSError, smtplib.SMTPException: when the SMTP server cannot be reached or refuses it.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (outbox_dir() / name).write_bytes(bytes(message))
        log.info("mail to %s written to the outbox as %s", message["To"], name)
        return
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
