"""Constants and helpers of the personal-data tests: people, addresses, and reading the database."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.auth.models import User
from app.certificates.models import Certificate
from app.extensions import db

HOLDER = "lena@example.org"
HOLDER_NAME = "Lena Weißgerber"
HOLDER_ZH = "莉娜"
OTHER = "otto@example.org"
OTHER_NAME = "Otto Nachbar"
OTHER_ZH = "奥托"
DELETE = "/profile/delete"
EXPORT = "/profile/data/export.json"
JSON = {"Accept": "application/json"}


def certificate_of(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.scalar(select(Certificate.public_id).where(Certificate.user_id == user_id))


def rows(app, model, **filters) -> int:
    """How many rows of ``model`` match ``filters`` (column=value)."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters)) or 0


def user_exists(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.get(User, user_id) is not None


def upload(client, pdf: bytes, url: str = "/verify", **kwargs):  # type: ignore[no-untyped-def]
    return client.post(
        url,
        data={"pdf": (io.BytesIO(pdf), "certificate.pdf")},
        content_type="multipart/form-data",
        **kwargs,
    )


def delete_form(password: str, confirmation: str) -> dict[str, str]:
    return {"password": password, "confirmation": confirmation}
