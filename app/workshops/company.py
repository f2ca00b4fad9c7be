"""Company managers and workshops: registering members of their own company, and seeing the members'
registrations and attendance under the consent rules of course progress (app/orgs/visibility.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.orgs.models import MANAGER, Membership
from app.orgs.visibility import grant_for, registration_visible
from app.workshops import services
from app.workshops.errors import WorkshopError
from app.workshops.models import CANCELLED, Registration, Workshop


class NotYourMember(WorkshopError):
    """The person is not a member of the manager's company (answered like an unknown id)."""


@dataclass(frozen=True)
class SeenRegistration:
    """One member's registration as their company sees it."""

    registration: Registration
    member: User
    #: True when a manager of the company registered the person (then a manager may cancel it).
    by_company: bool


def members(manager: Membership) -> list[Membership]:
    """Everyone in the manager's company, by name."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id == manager.org_id)
            .order_by(User.name, User.id)
        )
    )


def _member(manager: Membership, user_id: int) -> Membership:
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.org_id == manager.org_id)
    )
    if membership is None:
        raise NotYourMember("not a member of your company", "not_member")
    return membership


def _managers(org_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Membership.user_id).where(Membership.org_id == org_id, Membership.role == MANAGER)
        )
    )


def register_member(manager: Membership, workshop: Workshop, user_id: int) -> Registration:
    """Register a member of the manager's company (a seat or the waiting list; the member is mailed).

    :raises NotYourMember: for anyone outside the manager's company.
    :raises RegistrationClosed, AlreadyRegistered: as ``services.register``.
    """
    member = _member(manager, user_id)
    return services.register(workshop, member.user, by=manager.user)


def cancel_for_member(manager: Membership, registration_id: int) -> list[Registration]:
    """Cancel a registration a manager of the company made for a member who is still in it.

    :raises NotYourMember: for any other registration (also one the member made themselves).
    """
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.registered_by_id not in _managers(manager.org_id):
        raise NotYourMember("not a registration your company made", "not_member")
    _member(manager, registration.user_id)
    return services.cancel(registration)


def seen_registrations(manager: Membership) -> list[SeenRegistration]:
    """The members' registrations the company may see, newest workshop first (cancelled ones left out)."""
    people = {membership.user_id: membership for membership in members(manager)}
    managers = {user_id for user_id, m in people.items() if m.is_manager}
    if not people:
        return []
    rows = db.session.scalars(
        select(Registration)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Registration.user_id.in_(people), Registration.status != CANCELLED)
        .order_by(Workshop.starts_at.desc(), Registration.id)
    )
    seen = []
    for row in rows:
        by_company = row.registered_by_id in managers
        if registration_visible(grant_for(people[row.user_id]), row, by_company):
            seen.append(SeenRegistration(row, people[row.user_id].user, by_company))
    return seen
