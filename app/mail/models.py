"""Which messages have gone out: the mail job's idempotency key, so that a job run twice sends once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow


class MailDelivery(db.Model):
    """One delivered message, by the Message-ID it was given when it was rendered (in the request)."""

    __tablename__ = "mail_deliveries"

    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
