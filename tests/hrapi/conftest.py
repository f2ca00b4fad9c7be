"""The companies' fixtures (two companies, managers, members) plus API tokens for them."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.hrapi.tokens import create_token
from app.orgs.models import Organisation
from tests.orgs import conftest as orgs

#: The companies' fixtures.
sample_dir, sample, taker, world = (
    orgs.sample_dir,
    orgs.sample,
    orgs.taker,
    orgs.world,
)


def new_token(app, org_id: int, label: str = "HR sync") -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        _token, secret = create_token(db.session.get(Organisation, org_id), label)
        db.session.commit()
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


@pytest.fixture
def acme_token(app, world) -> str:  # type: ignore[no-untyped-def]
    return new_token(app, world.acme)


@pytest.fixture
def beta_token(app, world) -> str:  # type: ignore[no-untyped-def]
    return new_token(app, world.beta)
