"""Route guards by role. Object-level checks stay in each feature's services."""

from functools import wraps

from flask import abort
from flask_login import current_user


def admin_required(view):  # type: ignore[no-untyped-def]
    """Anonymous visitors are sent to sign in; signed-in non-admins get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated:
            from app.extensions import login_manager

            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
