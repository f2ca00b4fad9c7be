"""Fixtures for companies (people use the English interface, so tests read English messages): two companies with managers and members, a participant without a company and an
admin; builders for completions and certificates written straight into the database (fast, no signing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.courses.models import Course
from app.extensions import db
from app.orgs import services
from app.orgs.models import Membership
from app.timeutil import utcnow
from tests.learning import conftest as learning
from tests.orgs.org_helpers import QueryCounter

#: The learning tests' fixtures: the sample course imported, and a quiz taker.
sample_dir, sample, taker = learning.sample_dir, learning.sample, learning.taker


@dataclass
class World:
    acme: int
    beta: int
    manager: User  # manages Acme
    member: User  # member of Acme
    other_manager: User  # manages Beta
    other_member: User  # member of Beta
    participant: User  # in no company
    admin: User
    course_id: int


@pytest.fixture
def world(app, sample, create_user) -> World:
    users = {
        "manager": create_user(email="boss@acme.example", name="Maria Manager", locale="en"),
        "member": create_user(email="max@acme.example", name="Max Müller", name_zh="马克思", locale="en"),
        "other_manager": create_user(email="boss@beta.example", name="Bert Beta", locale="en"),
        "other_member": create_user(email="eva@beta.example", name="Eva Beta", locale="en"),
        "participant": create_user(email="pia@example.org", name="Pia Solo", locale="en"),
        "admin": create_user(role=Role.ADMIN, email="admin@example.org", name="Ada Admin", locale="en"),
    }
    with app.app_context():
        acme, beta = services.create_org("Acme GmbH"), services.create_org("Beta AG")
        services.add_manager(acme, users["manager"])
        services.add_manager(beta, users["other_manager"])
        for key, org in (("member", acme), ("other_member", beta)):
            db.session.add(
                Membership(org_id=org.id, user_id=users[key].id, joined_at=utcnow() - timedelta(days=30))
            )
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
        db.session.commit()
        return World(acme.id, beta.id, course_id=course_id, **users)


@pytest.fixture
def count_queries(app):
    with app.app_context():
        engine = db.engine
    return lambda: QueryCounter(engine)
