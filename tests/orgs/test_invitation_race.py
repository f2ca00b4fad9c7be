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
