"""A single-use invitation is used once, even by two people who send it at the same moment.

Two threads, each with its own database session, both pass the invitation check before either writes (a
barrier holds them there); exactly one may join. Runs on SQLite and on PostgreSQL (the production case).
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.orgs import services
from app.orgs.models import Invitation, Membership
from tests.fixtures.accounts import PASSWORD
from tests.orgs.org_helpers import make_invitation


def test_two_people_joining_at_once_with_one_invitation(app, world, create_user, monkeypatch):
    code = make_invitation(app, world.acme, world.manager)
    racers = [world.participant.id, create_user(email="rival@example.org", name="Rita Rival").id]
    barrier = threading.Barrier(len(racers), timeout=20)
    check = services.check_invitation

    def check_then_wait(invitation, user, now=None):  # type: ignore[no-untyped-def]
        checked = check(invitation, user, now)
        barrier.wait()  # both have seen an unused invitation
        return checked

    monkeypatch.setattr(services, "check_invitation", check_then_wait)
    outcomes: dict[int, str] = {}

    def join(user_id: int) -> None:
        with app.app_context():
            try:
                services.join(code, db.session.get(User, user_id))
                db.session.commit()
                outcomes[user_id] = "joined"
            except services.InvitationUsed:
                db.session.rollback()
                outcomes[user_id] = "refused"
            except Exception as error:  # noqa: BLE001  (reported by the assertion below)
                db.session.rollback()
                outcomes[user_id] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=join, args=(user_id,)) for user_id in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["joined", "refused"], outcomes
    winner = next(user_id for user_id, outcome in outcomes.items() if outcome == "joined")
    with app.app_context():
        joined = db.session.scalars(
            select(Membership.user_id).where(Membership.user_id.in_(racers), Membership.org_id == world.acme)
        ).all()
        invitation = db.session.scalar(select(Invitation).where(Invitation.code == code))
        members = db.session.scalar(select(func.count(Membership.id)).where(Membership.org_id == world.acme))
    assert joined == [winner] and invitation.used_by_id == winner
    assert members == 3  # the manager, the member, and the one who won


def test_the_one_who_loses_the_race_through_the_link_gets_a_message(app, world, create_user, monkeypatch):
    """The same race through the page of the link (/join/<code>): both see the invitation page with the
    button, both press it; the loser is told the invitation was used (400), never a 500."""
    code = make_invitation(app, world.acme, world.manager)
    emails = [
        world.participant.email,
        create_user(email="rival@example.org", name="Rita Rival", locale="en").email,
    ]
    browsers = []
    for email in emails:
        browser = app.test_client()
        assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        browsers.append((browser, browser.csrf_token()))
    barrier = threading.Barrier(len(browsers), timeout=20)
    join = services.join

    def wait_then_join(code, user):  # type: ignore[no-untyped-def]
        barrier.wait()  # both have passed the page's own check of the invitation
        return join(code, user)

    monkeypatch.setattr(services, "join", wait_then_join)
    statuses: list[int] = []
    pages: list[str] = []

    def press(browser, token) -> None:  # type: ignore[no-untyped-def]
        response = browser.post(f"/join/{code}", data={"csrf_token": token})
        statuses.append(response.status_code)
        pages.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=press, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 400], statuses
    used = "This invitation has already been used. Please ask your company for a new one."
    assert any(used in page for page in pages)
