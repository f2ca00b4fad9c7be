"""Fixtures for personal data: a holder who completed the sample course (a real, signed certificate), and a second
participant whose data must never show up in the holder's export."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.privacy.privacy_helpers import (
    HOLDER,
    HOLDER_NAME,
    HOLDER_ZH,
    OTHER,
    OTHER_NAME,
    OTHER_ZH,
    certificate_of,
)


@dataclass
class Person:
    id: int
    email: str
    certificate: str | None = None


@pytest.fixture
def holder(create_user) -> Person:
    user = create_user(email=HOLDER, name=HOLDER_NAME, name_zh=HOLDER_ZH, locale="de")
    return Person(user.id, user.email)


@pytest.fixture
def other(app, sample, create_user, client, auth, taker) -> Person:
    """Another participant who completed the sample course (with one failed attempt first)."""
    user = create_user(email=OTHER, name=OTHER_NAME, name_zh=OTHER_ZH, locale="en")
    auth.login(OTHER)
    taker.take(right=False)
    taker.take(right=True)
    auth.logout()
    return Person(user.id, user.email, certificate_of(app, user.id))


@pytest.fixture
def completed(app, sample, holder, other, auth, taker) -> Person:
    """The holder, signed in, completed the sample course (one failed, one passed attempt) and holds its
    certificate; ``other`` did the same before."""
    auth.login(HOLDER)
    taker.take(right=False)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    holder.certificate = certificate_of(app, holder.id)
    assert holder.certificate
    return holder
