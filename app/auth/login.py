"""Flask-Login wiring: sessions are tied to the user's session token, not to the numeric id."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    if not session_token or len(session_token) > 64:
        return None
    return db.session.scalar(select(User).where(User.session_token == session_token))
