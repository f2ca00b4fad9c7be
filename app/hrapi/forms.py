"""The managers' forms for API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.auth.validators import NoControlCharacters
from app.hrapi.models import LABEL_MAX


class TokenForm(FlaskForm):
    label = StringField(
        _l("Name"),
        description=_l("What the token is for, e.g. the HR system that uses it."),
        validators=[
            DataRequired(_l("Please give the token a name.")),
            Length(max=LABEL_MAX, message=_l("At most %(max)d characters.", max=LABEL_MAX)),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Create token"))


class RevokeTokenForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))
