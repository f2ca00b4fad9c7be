"""The ``orgs`` blueprint, shared by the modules that add views to it (routes, invitation_routes)."""

from flask import Blueprint

from app.orgs import joining, members

bp = Blueprint("orgs", __name__)
bp.register_blueprint(members.bp)
bp.register_blueprint(joining.bp)
