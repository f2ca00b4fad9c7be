"""Workshop fixtures: a workshop made through the CLI, and a way to make more with services."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.workshops import services
from app.workshops.models import CERTIFICATE_PATH, PREPARE, Workshop


@pytest.fixture
def make_workshop(app):
    """Builder: ``make_workshop(capacity=2, days=10)`` returns a workshop id (Europe/Berlin, on site)."""

    def build(
        capacity: int = 2,
        days: float = 10,
        zone: str = "Europe/Berlin",
        hours: float = 8,
        course: str | None = None,
        trainers: tuple[int, ...] = (),
        fmt: str = "on_site",
    ) -> int:
        # Wall-clock time in the workshop's zone (the machine's own zone plays no part).
        local_now = datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
        starts = (local_now + timedelta(days=days)).replace(microsecond=0, second=0)
        with app.app_context():
            linked = [db.session.scalar(select(Course).where(Course.slug == course))] if course else []
            online = "https://meet.example.org/ws" if fmt != "on_site" else None
            workshop = services.create_workshop(
                services.Plan(
                    title={"de": "Patente in China", "en": "Patents in China", "zh": "中国专利"},
                    starts=starts, ends=starts + timedelta(hours=hours), timezone=zone, capacity=capacity,
                    venue=None if fmt == "online" else "BIO.NRW, Merowingerplatz 1a, 40225 Düsseldorf",
                    cpd_hours=hours, format=fmt, online_url=online,
                    courses={PREPARE: linked, CERTIFICATE_PATH: linked},
                    trainers=[db.session.get(User, user_id) for user_id in trainers],
                )
            )  # fmt: skip
            db.session.commit()
            return workshop.id

    return build


def workshop(workshop_id: int) -> Workshop:
    return db.session.get(Workshop, workshop_id)
