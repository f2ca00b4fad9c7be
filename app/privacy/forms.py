"""The account deletion form: the current password and the e-mail address typed as confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.auth.validators import MAX_PASSWORD, NoControlCharacters


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Please enter your current password.")),
            Length(max=MAX_PASSWORD, message=_l("This is not your current password.")),
            # Passwords never contain them; and scrypt would not tell "secret" from "secret\x00" (HMAC pads keys).
            NoControlCharacters(),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    confirmation = StringField(
        _l("Your e-mail address, as confirmation"),
        validators=[
            DataRequired(_l("Please type your e-mail address to confirm.")),
            Length(max=254, message=_l("Please type your e-mail address exactly as shown to confirm.")),
            NoControlCharacters(),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"},
    )
    submit = SubmitField(_l("Delete my account for good"))
