"""Sign-up, sign-in, password reset and the profile page. Thin views over app.auth.services."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.audit.models import LOGIN, LOGIN_FAILED, PASSWORD_CHANGED, PASSWORD_RESET
from app.audit.services import record
from app.auth import services
from app.auth.emails import send_already_registered, send_confirmation
from app.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.auth.login import begin, current_session, forget_browser
from app.auth.tokens import CONFIRM, RESET, read_token
from app.extensions import limiter
from app.jobs.queue import enqueue
from app.mail.outbox import new_message_id
from app.safe_redirect import safe_next_url
from app.sessions import services as sessions
from app.sessions.models import LOGOUT
from app.sessions.models import PASSWORD_RESET as PASSWORD_RESET_CAUSE

bp = Blueprint("auth", __name__)

#: Session key: the address just confirmed, to fill in on the sign-in form once.
CONFIRMED_EMAIL = "confirmed_email"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_account() -> str:
    """Rate-limit key for guessing one account's password from many addresses."""
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


def _password_change_key() -> str:
    return f"password-change:{current_user.id}"


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _record_failed_login(email: str) -> None:
    """Audit a failed sign-in, committed on its own (the request saves nothing else). The visitor's answer
    is the same whether or not the address has an account; only the log says which it was."""
    account = services.find_by_email(email)
    target = f"user:{account.id}" if account else None
    record(LOGIN_FAILED, target=target, email=services.normalise_email(email))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = str(_current_locale())
    if form.validate_on_submit():
        result = services.register(
            email=form.email.data,
            password=form.password.data,
            name=form.name.data,
            name_zh=form.name_zh.data,
            locale=form.locale.data,
        )
        if result.created:
            send_confirmation(result.user, _next_param())
        else:
            send_already_registered(result.user)
        return render_template("auth/check_inbox.html", email=form.email.data)
    return render_template("auth/register.html", form=form, next=_next_param())


def _current_locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Confirm the address. It does not sign anyone in: a link someone else sent must not log the
    visitor into the sender's account. It fills in the address on the sign-in form and keeps ``next``."""
    user = read_token(token, CONFIRM, current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    target = _next_param()
    if user is None:
        flash(_("This confirmation link is invalid or has expired. Sign in to get a new one."), "error")
        return redirect(url_for("auth.login", next=target))
    services.confirm_email(user)
    if current_user.is_authenticated:
        flash(_("Thank you, your e-mail address is confirmed."), "success")
        return redirect(target or url_for("progress.dashboard"))
    flash(_("Thank you, your e-mail address is confirmed. Please sign in."), "success")
    session[CONFIRMED_EMAIL] = user.email
    return redirect(url_for("auth.login", next=target))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_account)
def login():
    if current_user.is_authenticated:
        return redirect(_after_sign_in())
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]  # an invitation's address
    if request.method == "GET" and not form.email.data:
        # Filled in by the confirmation link (kept in the session, not in an URL that logs would keep).
        form.email.data = session.pop(CONFIRMED_EMAIL, None)
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            _record_failed_login(form.email.data)
            form.password.errors.append(_("Wrong e-mail address or password."))
        elif user.deactivated_at is not None:
            form.password.errors.append(_("This account is deactivated. Please contact the administrators."))
        elif user.email_confirmed_at is None:
            send_confirmation(user, _next_param())
            flash(_("Please confirm your e-mail address first. We have sent you a new link."), "error")
        else:
            started = begin(user, remember=bool(form.remember.data))
            services.record_login(user)
            record(
                LOGIN,
                actor_id=user.id,
                target=f"user:{user.id}",
                remember=started.remember,
                session=started.id,
            )
            return redirect(_after_sign_in())
    return render_template("auth/login.html", form=form, next=_next_param())


def _next_param() -> str | None:
    """The page to return to, if it is one of ours (carried from sign-in to registration and back)."""
    target = request.args.get("next")
    return target if target and safe_next_url(target, "progress.dashboard") == target else None


def _after_sign_in() -> str:
    """Where sign-in leads: the page asked for, else "My learning"."""
    return safe_next_url(request.args.get("next"), "progress.dashboard")


@bp.post("/logout")
def logout():
    """End this browser's session on the server, and delete its cookies (the remember-me cookie too)."""
    signed_in = current_session()
    if signed_in is not None:
        sessions.end(signed_in, LOGOUT, actor_id=current_user.id)
    forget_browser()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        # The same answer, as fast, whether or not the address has an account: the mail is rendered and
        # sent by a job that starts after the answer has gone out (its Message-ID chosen now: a job run
        # twice sends one mail, see app.mail.jobs).
        if user is not None:
            enqueue("auth.password_reset_mail", user.id, new_message_id())
        return render_template("auth/check_inbox.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    user = read_token(token, RESET, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        flash(
            _("This reset link is invalid, has expired or was already used. Please request a new one."),
            "error",
        )
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data, PASSWORD_RESET_CAUSE)
        record(PASSWORD_RESET, actor_id=user.id, target=f"user:{user.id}")
        forget_browser()
        flash(_("Your password has been changed. Please sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, time_zone=current_user.timezone or "")
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.name_zh.data, form.locale.data)
        current_user.timezone = form.time_zone.data or None
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form)


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"], key_func=_password_change_key)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        this_session = current_session()
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError:
            form.current.errors.append(_("This is not your current password."))
        else:
            # Every session has ended, this one too: continue in a new one, as it was (stay signed in or not).
            user = current_user._get_current_object()
            remember = bool(this_session and this_session.remember)
            record(PASSWORD_CHANGED, actor_id=user.id, target=f"user:{user.id}")
            begin(user, remember=remember)
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/change_password.html", form=form)
