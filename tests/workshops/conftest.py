"""Workshop fixtures: a workshop made through the CLI, and a way to make more with services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.workshops import services
from app.workshops.models import Workshop


@pytest.fixture
def make_workshop(app):
    """Builder: ``make_workshop(capacity=2, days=10)`` returns a workshop id (Europe/Berlin, on site)."""

    def build(capacity: int = 2, days: float = 10, zone: str = "Europe/Berlin", hours: float = 8) -> int:
        starts = (datetime.now() + timedelta(days=days)).replace(microsecond=0, second=0)
        with app.app_context():
            workshop = services.create_workshop(
                services.Plan(
                    title={"de": "Patente in China", "en": "Patents in China", "zh": "中国专利"},
                    starts=starts, ends=starts + timedelta(hours=hours), timezone=zone, capacity=capacity,
                    venue="BIO.NRW, Merowingerplatz 1a, 40225 Düsseldorf", cpd_hours=hours,
                )
            )  # fmt: skip
            db.session.commit()
            return workshop.id

    return build


def workshop(workshop_id: int) -> Workshop:
    return db.session.get(Workshop, workshop_id)
