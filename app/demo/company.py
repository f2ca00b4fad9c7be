"""The demo company: a manager, a dozen members from the simulated cohort, an open invitation and a token.

So that `make run` shows the companies feature at once: the manager's dashboard has people, teams and a
chart; the demo participant can join with the printed invitation link; an API client can use the token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.hrapi.tokens import create_token
from app.orgs import services
from app.orgs.models import Invitation, Membership, Organisation
from app.timeutil import utcnow

COMPANY = "Rhein-Bio Diagnostics GmbH"
MANAGER = "manager@chinvalue.example"
#: Members taken from the simulated cohort (app/demo/attempts.py), with the teams their manager gave them.
TEAMS = ("R&D", "Regulatory Affairs", "Business Development")
MEMBERS = 12


@dataclass(frozen=True)
class DemoCompany:
    org: Organisation
    invitation: Invitation | None
    token: str | None


def demo_company(member_emails: list[str]) -> DemoCompany | None:
    """Create the company once (idempotent: a second run changes nothing and makes no new token)."""
    manager = db.session.scalar(select(User).where(User.email == MANAGER))
    if manager is None:
        return None
    org = services.org_by_name(COMPANY)
    if org is not None:
        return DemoCompany(org, None, None)
    org = services.create_org(COMPANY)
    services.add_manager(org, manager)
    people = db.session.scalars(select(User).where(User.email.in_(member_emails[:MEMBERS])).order_by(User.id))
    joined = utcnow() - timedelta(days=150)
    for index, person in enumerate(people):
        if services.membership_of(person.id) is not None:
            continue
        db.session.add(
            Membership(
                org_id=org.id, user_id=person.id, joined_at=joined, team=TEAMS[index % len(TEAMS)],
                share_scores=index % 3 == 0, share_history=index % 4 == 0,
            )
        )  # fmt: skip
    invitation = services.invite(org, manager, None)
    _token, secret = create_token(org, "Demo HR system", created_by_id=manager.id)
    db.session.flush()
    return DemoCompany(org, invitation, secret)
