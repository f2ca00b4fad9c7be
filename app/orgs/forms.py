"""Forms of the company pages (participants, managers, admins)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import email_field
from app.auth.validators import NoControlCharacters
from app.orgs.models import MANAGER, MEMBER, TEAM_MAX

ROLE_LABELS = {MEMBER: _l("Member"), MANAGER: _l("Manager")}


def _email(required: bool = True) -> EmailField:
    return email_field(required=_l("Please enter an e-mail address."), optional=not required)


class JoinForm(FlaskForm):
    code = StringField(
        _l("Invitation code"),
        description=_l("The code your company gave you, or the last part of the invitation link."),
        validators=[
            DataRequired(_l("Please enter the invitation code.")),
            Length(
                max=64,
                message=_l(
                    "This invitation code is not valid. Please check it or ask your company for a new one."
                ),
            ),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Join the company"))


class ConfirmJoinForm(FlaskForm):
    submit = SubmitField(_l("Join the company"))


class PrivacyForm(FlaskForm):
    share_scores = BooleanField(
        _l("Share my quiz scores"),
        description=_l(
            "Without this, your company only sees whether you completed a course and your certificates."
        ),
    )
    share_history = BooleanField(
        _l("Share what I did before joining"),
        description=_l("Without this, your company sees nothing from before the day you joined it."),
    )
    submit = SubmitField(_l("Save my choices"))


class LeaveForm(FlaskForm):
    submit = SubmitField(_l("Leave the company"))


class InviteForm(FlaskForm):
    email = _email(required=False)
    submit = SubmitField(_l("Create invitation"))


class RevokeInvitationForm(FlaskForm):
    submit = SubmitField(_l("Withdraw"))


class TeamForm(FlaskForm):
    team = StringField(
        _l("Team"),
        validators=[
            Optional(),
            Length(max=TEAM_MAX, message=_l("At most %(max)d characters, please.", max=TEAM_MAX)),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Save"))


class CreateOrgForm(FlaskForm):
    name = StringField(
        _l("Company name"),
        validators=[
            DataRequired(_l("Please enter the company's name.")),
            Length(max=120, message=_l("At most %(max)d characters, please.", max=120)),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Create company"))


class AddManagerForm(FlaskForm):
    email = _email()
    submit = SubmitField(_l("Add manager"))


class MoveForm(FlaskForm):
    email = _email()
    org = SelectField(_l("Company"), coerce=int, validate_choice=True)
    role = SelectField(
        _l("Role"), choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()], validate_choice=True
    )
    submit = SubmitField(_l("Move"))
