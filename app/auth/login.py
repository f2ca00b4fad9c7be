"""Flask-Login wiring: both cookies (Flask's session and the remember-me cookie) carry the random token of a
server-side session record (app/sessions), never the account's id, and every request checks that record.

Signing in starts a record; signing out, a timeout, a password change … end it, and with it every copy of
the cookies. The current record is ``current_session()`` for the rest of the request.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.auth.models import User
from app.extensions import login_manager
from app.i18n.locale import SESSION_KEY
from app.sessions import services as sessions
from app.sessions.models import UserSession
from app.web.signing import CookieSessions


def _remember_cookie() -> str:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")


def load_user(token: str) -> User | None:
    """The account of the live session whose token the cookies carry; None signs the browser out."""
    if not token or len(token) > 64:
        return _forget_token()
    address = request._get_current_object().remote_addr if has_request_context() else None  # type: ignore[attr-defined]
    extras: dict[str, object] = {}
    config = current_app._get_current_object().config  # type: ignore[attr-defined]
    record = sessions.resume(token, sessions.Limits.from_config(config), ip=address, extras=extras)
    if record is None:
        return _forget_token()
    user = record.user
    if user.deactivated_at is not None:  # deactivated while signed in
        return _forget_token()
    # the record, and what other features asked the session check to read along, through one proxy lookup
    vars(g._get_current_object()).update(extras, user_session=record)
    user.session_token = token
    return user


def _forget_token() -> None:
    """Drop a dead token from the session, and have Flask-Login delete a remember-me cookie that holds it."""
    if has_request_context():
        session.pop("_user_id", None)
        session.pop("_fresh", None)
        if _remember_cookie() in request.cookies:
            session["_remember"] = "clear"
    return None


def current_session() -> UserSession | None:
    """The session record of this request's signed-in browser (None when nobody is signed in)."""
    if not current_user.is_authenticated:
        return None
    return g.get("user_session")


def begin(user: User, remember: bool = False) -> UserSession:
    """Sign this browser in with a new session record and a fresh Flask session (against session
    fixation), keeping only the language choice. The caller commits."""
    lang = session.get(SESSION_KEY)
    had_remember_cookie = _remember_cookie() in request.cookies
    session.clear()
    if lang:
        session[SESSION_KEY] = lang
    record, token = sessions.start(
        user.id, remember=remember, user_agent=request.user_agent.string, ip=request.remote_addr
    )
    user.session_token = token
    login_user(user, remember=remember)
    if not remember and had_remember_cookie:
        session["_remember"] = "clear"  # an older remember-me cookie must not outlive this sign-in
    g.user_session = record
    return record


def forget_browser(lang: str | None = None) -> None:
    """Sign this browser out: Flask-Login's keys go, the remember-me cookie is deleted after this request,
    the language (``lang`` or the one chosen so far) stays. Ending the record is the caller's part."""
    lang = lang or session.get(SESSION_KEY)
    logout_user()
    session.clear()
    if lang:
        session[SESSION_KEY] = lang
    if _remember_cookie() in request.cookies:
        session["_remember"] = "clear"
    g.pop("user_session", None)


def _no_identifier() -> str:
    """Flask-Login's session protection is off: the server-side record is what protects a session, and no
    page asks Flask-Login whether a sign-in is "fresh". Its "basic" mode hashed the address and browser on
    every request only to mark the cookie not fresh when either changed, re-signing and re-sending it on
    every request of a browser whose cookie had been made for another address or browser header."""
    return ""


def install(app: Flask) -> None:
    """Load users from their session records, and check the session on the server at the start of every
    request (not first when a template asks), so that ending a timed-out session never waits behind a write
    of the request itself. Flask's cookie is signed as before, by objects built once (app/web/signing.py)."""
    app.session_interface = CookieSessions()
    login_manager.session_protection = None
    login_manager._session_identifier_generator = _no_identifier
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)

    @app.before_request
    def check_session() -> None:
        if request._get_current_object().endpoint != "static":  # type: ignore[attr-defined]
            current_user._get_current_object()

    @app.after_request
    def delete_remember_cookie(response: Response) -> Response:
        """Delete the remember-me cookie with the flags it was set with. Flask-Login deletes it without
        Secure, and browsers ignore that for a "__Host-" cookie (production's name), so the cookie stayed.
        Runs before Flask-Login's own hook (registered earlier), which then finds nothing left to do."""
        values = session._get_current_object()  # type: ignore[attr-defined]
        if values.get("_remember") == "clear":
            values.pop("_remember")
            config = current_app.config
            response.delete_cookie(
                _remember_cookie(),
                path=config.get("REMEMBER_COOKIE_PATH", "/"),
                domain=config.get("REMEMBER_COOKIE_DOMAIN"),
                secure=bool(config.get("REMEMBER_COOKIE_SECURE")),
                httponly=bool(config.get("REMEMBER_COOKIE_HTTPONLY")),
                samesite=config.get("REMEMBER_COOKIE_SAMESITE"),
            )
        return response
