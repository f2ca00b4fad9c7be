"""The check every manager page starts with (company pages and API tokens alike)."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from app.orgs import services
from app.orgs.models import Membership


def manager_membership() -> Membership:
    """The signed-in manager's membership; 403 for everyone else."""
    membership = services.membership_of(current_user.id)
    g.company_manager = membership is not None and membership.is_manager  # the navigation asks too
    if not g.company_manager:
        abort(403)
    return membership
