"""Admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.models import Role
from app.auth.validators import NoControlCharacters

ROLE_LABELS = {
    Role.PARTICIPANT.value: _l("Participant"),
    Role.TRAINER.value: _l("Trainer"),
    Role.ADMIN.value: _l("Administrator"),
}


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Please choose a role."))],
    )
    submit = SubmitField(_l("Change role"))


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by name or e-mail"), validators=[Optional(), Length(max=200), NoControlCharacters()]
    )
