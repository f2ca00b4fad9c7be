"""Account forms. Every field has a label, limits, and a message in the user's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.auth.validators import MAX_PASSWORD, MIN_PASSWORD, ChineseName, LatinName, NoControlCharacters
from app.i18n.locale import LANGUAGE_NAMES
from app.langtags import HTML_LANG
from app.timeutil import zone_choices

#: Each language named in itself, marked with its own lang attribute for screen readers.
LANGUAGE_CHOICES = [
    SelectChoice(code, name, render_kw={"lang": HTML_LANG[code]}) for code, name in LANGUAGE_NAMES.items()
]


def email_field(label=None, required=None, *, optional: bool = False, **kwargs) -> EmailField:  # type: ignore[no-untyped-def]
    """An e-mail field with the platform's limits; every form that asks for an address uses it.

    :param label: the field label (default "E-mail address"); ``required`` the message when it is empty.
    """
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            Optional() if optional else DataRequired(required or _l("Please enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            NoControlCharacters(),
            Email(message=_l("Please enter a valid e-mail address."), check_deliverability=False),
        ],
        **kwargs,
    )


def _email_field() -> EmailField:
    return email_field(render_kw={"autocomplete": "email"})


def _new_password_fields(label=None):  # type: ignore[no-untyped-def]
    password = PasswordField(
        label or _l("Password"),
        validators=[
            DataRequired(_l("Please choose a password.")),
            NoControlCharacters(),
            Length(
                min=MIN_PASSWORD,
                max=MAX_PASSWORD,
                message=_l("Use between %(min)d and %(max)d characters.", min=MIN_PASSWORD, max=MAX_PASSWORD),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def _name_fields():  # type: ignore[no-untyped-def]
    name = StringField(
        _l("Name (Latin script)"),
        description=_l("As it should appear on your certificates, e.g. Anna Müller or Wang Fang."),
        validators=[
            DataRequired(_l("Please enter your name.")),
            Length(max=120, message=_l("A name has at most %(max)d characters.", max=120)),
            NoControlCharacters(),
            LatinName(),
        ],
        render_kw={"autocomplete": "name"},
    )
    name_zh = StringField(
        _l("Name in Chinese characters (optional)"),
        description=_l("Printed beside your Latin name on bilingual certificates."),
        validators=[
            Optional(),
            Length(max=60, message=_l("A name has at most %(max)d characters.", max=60)),
            NoControlCharacters(),
            ChineseName(),
        ],
    )
    return name, name_zh


def _locale_field() -> SelectField:
    return SelectField(
        _l("Preferred language"),
        choices=LANGUAGE_CHOICES,
        validators=[DataRequired(_l("Please choose a language."))],
        validate_choice=True,
    )


class RegisterForm(FlaskForm):
    email = _email_field()
    name, name_zh = _name_fields()
    locale = _locale_field()
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=MAX_PASSWORD, message=_l("Wrong e-mail address or password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Stay signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields(_l("New password"))
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password.")), Length(max=MAX_PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields(_l("New password"))
    submit = SubmitField(_l("Change password"))


def _zone_choices() -> list[tuple[str, str]]:
    return [("", _l("By language (Europe/Berlin; Chinese: Asia/Shanghai)"))] + [
        (z, z) for z in zone_choices()
    ]


class ProfileForm(FlaskForm):
    name, name_zh = _name_fields()
    locale = _locale_field()
    #: User.timezone, used for every date and time shown; "" (by language) when unset. Not named like the column, so that ``obj`` does not fill it.
    time_zone = SelectField(_l("Time zone for all dates and times"), choices=_zone_choices, default="")
    submit = SubmitField(_l("Save profile"))
