"""People who use the platform."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    TRAINER = "trainer"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; unique.
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Display name in Latin script (as printed on certificates).
    name: Mapped[str] = mapped_column(String(120))
    #: Optional name in Chinese characters.
    name_zh: Mapped[str | None] = mapped_column(String(60))
    locale: Mapped[str] = mapped_column(String(5), default="de")
    #: IANA zone for times on workshop pages; None: by language (de/en: Europe/Berlin, zh: Asia/Shanghai).
    timezone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    email_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: Set by an admin: the account can no longer sign in (its sessions are ended); nothing is deleted.
    deactivated_at: Mapped[datetime | None]

    #: The token of the session this object was loaded for (not a column): Flask-Login writes ``get_id()``
    #: into the cookies, so they name a session record (app/sessions), never the account.
    session_token = None

    def get_id(self) -> str:
        if not self.session_token:
            raise RuntimeError("sign users in with app.auth.login.begin(), which starts a session record")
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login: an inactive account cannot sign in
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_trainer(self) -> bool:
        return self.role in (Role.TRAINER, Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
