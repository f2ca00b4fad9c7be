"""Admin pages: the user list, role changes, a user's sessions and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, or_, select

from app.admin import people
from app.admin.forms import (
    AUDIT_DETAIL_LABELS,
    AUDIT_KIND_LABELS,
    ROLE_LABELS,
    SESSION_END_LABELS,
    AuditSearchForm,
    RoleForm,
    UserSearchForm,
)
from app.audit import services as audit
from app.auth import services
from app.auth.access import admin_required
from app.auth.models import Role, User
from app.extensions import db
from app.orgs.forms import ROLE_LABELS as COMPANY_ROLE_LABELS
from app.sessions import services as sessions
from app.sessions.forms import EndAllForm
from app.sessions.models import BY_ADMIN
from app.sessions.useragent import describe
from app.web.pager import page_number, paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.register_blueprint(people.bp)

PER_PAGE = 50


@bp.get("/users")
@admin_required
def users():
    search = UserSearchForm(request.args)
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if search.validate() and search.q.data:
        pattern = "%" + search.q.data.strip().lower().replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(
            or_(User.email.like(pattern, escape="\\"), func.lower(User.name).like(pattern, escape="\\"))
        )
    page = paginate(query, page_number(request.args), PER_PAGE)
    forms = {user.id: RoleForm(formdata=None, role=user.role) for user in page.items}
    return render_template("admin/users.html", page=page, forms=forms, search=search, role_labels=ROLE_LABELS)


@bp.get("/audit")
@admin_required
def audit_log():
    """Security-relevant events, newest first, filtered by kind and by the person's e-mail address."""
    search = AuditSearchForm(request.args)
    valid = search.validate()
    query = audit.search(search.kind.data if valid else None, search.email.data if valid else None)
    page = paginate(query, page_number(request.args), PER_PAGE)
    return render_template(
        "admin/audit.html",
        page=page,
        search=search,
        users=audit.users_named(page.items),
        kind_labels=AUDIT_KIND_LABELS,
        detail_labels=AUDIT_DETAIL_LABELS,
        role_labels={**ROLE_LABELS, **COMPANY_ROLE_LABELS},
        cause_labels=SESSION_END_LABELS,
    )


@bp.post("/users/<int(max=2147483647):user_id>/role")
@admin_required
def change_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Please choose a valid role."), "error")
        return redirect(url_for("admin.users"))
    try:
        services.change_role(user, Role(form.role.data), by_id=current_user.id)
    except services.AccountError:
        flash(_("The last administrator cannot lose the administrator role."), "error")
        return redirect(url_for("admin.users"))
    flash(_("%(name)s is now: %(role)s.", name=user.name, role=ROLE_LABELS[user.role]), "success")
    return redirect(url_for("admin.users"))


@bp.get("/users/<int(max=2147483647):user_id>/sessions")
@admin_required
def user_sessions(user_id: int):
    """Where a user is signed in, and a button that ends it all (a compromised or departing account)."""
    user = db.session.get(User, user_id) or abort(404)
    live = sessions.live_sessions(user.id, sessions.Limits.from_config(current_app.config))
    return render_template(
        "admin/user_sessions.html",
        user=user,
        rows=[(session, describe(session.user_agent)) for session in live],
        form=EndAllForm(formdata=None),
    )


@bp.post("/users/<int(max=2147483647):user_id>/sessions/end")
@admin_required
def end_user_sessions(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not EndAllForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("admin.user_sessions", user_id=user.id))
    count = sessions.end_all(user.id, BY_ADMIN, actor_id=current_user.id)
    flash(
        ngettext(
            "%(num)d session of %(name)s was ended.",
            "%(num)d sessions of %(name)s were ended.",
            count,
            name=user.name,
        ),
        "success",
    )
    return redirect(url_for("admin.user_sessions", user_id=user.id))
