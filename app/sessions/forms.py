"""Signing out other browsers, confirmed with the password; an admin ending someone's sessions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from app.auth.validators import MAX_PASSWORD, NoControlCharacters


def _password_field() -> PasswordField:
    return PasswordField(
        _l("Current password"),
        description=_l("To confirm that it is you."),
        validators=[
            DataRequired(_l("Please enter your current password.")),
            Length(max=MAX_PASSWORD, message=_l("This is not your current password.")),
            NoControlCharacters(),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class SignOutOthersForm(FlaskForm):
    password = _password_field()
    submit = SubmitField(_l("Sign out everywhere else"))


class SignOutOneForm(FlaskForm):
    password = _password_field()
    submit = SubmitField(_l("Sign out this session"))


class EndAllForm(FlaskForm):
    submit = SubmitField(_l("End all sessions"))
