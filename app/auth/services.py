"""Account operations. Plain functions: explicit arguments, flush, raise domain errors; the caller commits."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.models import ROLE_CHANGED as ROLE_EVENT
from app.audit.services import record
from app.auth.models import Role, User
from app.auth.passwords import hash_password, verify_password
from app.auth.validators import MAX_PASSWORD, MIN_PASSWORD, chinese_name_problem, latin_name_problem
from app.extensions import db
from app.sessions import services as sessions
from app.sessions.models import PASSWORD_CHANGED, PASSWORD_RESET, ROLE_CHANGED
from app.timeutil import utcnow

log = logging.getLogger(__name__)


class AccountError(Exception):
    """A rule of the account domain was broken; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_email(email: str) -> str:
    """Lower-case the address so that Anna@Example.org and anna@example.org are one account."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@dataclass(frozen=True)
class Registration:
    """The outcome of a registration: the new user, or the existing one the address belongs to."""

    user: User
    created: bool


def _clean_name(name: str) -> str:
    """A name as stored and printed: composed (NFC, as the validators check it), single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def register(
    email: str,
    password: str,
    name: str,
    name_zh: str | None = None,
    locale: str = "de",
    role: Role = Role.PARTICIPANT,
    confirmed: bool = False,
) -> Registration:
    """Create an account, or return the existing one for this address without changing it.

    The caller answers both cases the same way (no account enumeration).
    """
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # as slow as a new account, so timing does not tell which addresses exist
        return Registration(existing, created=False)
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name=_clean_name(name),
        name_zh=_clean_name(name_zh or "") or None,
        locale=locale,
        role=role.value,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    log.info("user %s registered", user.id)
    return Registration(user, created=True)


def authenticate(email: str, password: str) -> User | None:
    """The user with this e-mail and password, or None; takes as long for unknown addresses."""
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


def set_password(user: User, password: str, cause: str = PASSWORD_RESET) -> None:
    """Set a new password and end every session of this user (the caller starts a new one if it should).

    :param cause: why, for the sessions' audit events (PASSWORD_RESET or PASSWORD_CHANGED).
    """
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"password must have {MIN_PASSWORD}-{MAX_PASSWORD} characters", "password")
    user.password_hash = hash_password(password)
    sessions.end_all(user.id, cause, actor_id=user.id)
    # Someone who can set a password through an e-mailed link controls the address.
    confirm_email(user)


def change_password(user: User, current: str, new: str) -> None:
    """:raises AccountError: if ``current`` is not the user's password."""
    if not verify_password(user.password_hash, current):
        raise AccountError("wrong current password", "current")
    set_password(user, new, PASSWORD_CHANGED)


def update_profile(user: User, name: str, name_zh: str | None, locale: str) -> None:
    user.name = _clean_name(name)
    user.name_zh = _clean_name(name_zh or "") or None
    user.locale = locale


def admin_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value)) or 0


def change_role(user: User, role: Role, by_id: int | None = None) -> None:
    """Give ``user`` a new role; a real change is written to the audit log.

    :param by_id: the admin who changed it (None: the command line).
    :raises AccountError: when the last admin would lose the role.
    """
    if user.role == Role.ADMIN.value and role != Role.ADMIN and admin_count() <= 1:
        raise AccountError("the last admin cannot lose the admin role", "role")
    if user.role != role.value:
        record(ROLE_EVENT, actor_id=by_id, target=f"user:{user.id}", old=user.role, new=role.value)
        # Whoever held the old rights signs in again, in every browser.
        sessions.end_all(user.id, ROLE_CHANGED, actor_id=by_id)
    user.role = role.value
    log.info("user %s is now %s", user.id, role.value)


def validate_new_account(email: str, password: str, name: str, name_zh: str | None, locale: str) -> list[str]:
    """Problems with account data given outside a web form (the CLI), as English sentences."""
    # Loaded here, for `flask users create`: the web forms check addresses with WTForms' Email().
    from email_validator import EmailNotValidError, validate_email

    problems = []
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        problems.append(f"--email: {exc}")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.append(f"--password: use between {MIN_PASSWORD} and {MAX_PASSWORD} characters")
    name_problem = latin_name_problem(name) if len(name) <= 120 else "at most 120 characters"
    if name_problem:
        problems.append(f"--name: {name_problem}")
    if name_zh:
        zh_problem = chinese_name_problem(name_zh) if len(name_zh) <= 60 else "at most 60 characters"
        if zh_problem:
            problems.append(f"--name-zh: {zh_problem}")
    if locale not in ("de", "en", "zh"):
        problems.append("--lang: must be de, en or zh")
    return problems
