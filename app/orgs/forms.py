"""Forms of the company pages (participants, managers, admins)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

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


#: Most addresses one bulk invitation takes (pasted or uploaded).
BULK_MAX = 200
#: Largest uploaded list of addresses.
BULK_FILE_MAX = 64 * 1024


class BulkInviteForm(FlaskForm):
    """Many addresses at once: pasted (one a line, or separated by commas or semicolons) or a text/CSV file."""

    emails = TextAreaField(
        _l("E-mail addresses"),
        description=_l("One address a line (commas and semicolons work too), at most %(max)d.", max=BULK_MAX),
        validators=[Optional(), Length(max=BULK_FILE_MAX)],
        render_kw={"rows": 5, "spellcheck": "false", "autocomplete": "off"},
    )
    upload = FileField(
        _l("Or a file with addresses"),
        description=_l(
            "A text or CSV file (for example exported from Excel); every address in it is invited."
        ),
        render_kw={"accept": ".txt,.csv,text/plain,text/csv"},
    )
    submit = SubmitField(_l("Send invitations"))


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


class AssignForm(FlaskForm):
    """A course for the members ticked in the members table (or a whole team), due on a day."""

    course = SelectField(
        _l("Course"),
        coerce=lambda v: int(v) if v not in (None, "") else None,
        validators=[InputRequired(_l("Please choose a course."))],
        validate_choice=True,
    )
    due_on = DateField(
        _l("Complete by"),
        validators=[InputRequired(_l("Please enter a valid day."))],
        render_kw={"class": "date-input"},
    )
    members = SelectMultipleField(coerce=int, validate_choice=False)
    team = SelectField(_l("Or everyone in a team"), validate_choice=False)
    submit = SubmitField(_l("Assign the course"))

    def validate_due_on(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data is not None and field.data < date.today():
            raise ValidationError(_l("The day must not be in the past."))


class UnassignForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class RemindForm(FlaskForm):
    submit = SubmitField(_l("Send reminders"))


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
