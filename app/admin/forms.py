"""Admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.audit import models as audit
from app.auth.forms import _locale_field as locale_field
from app.auth.forms import _name_fields as name_fields
from app.auth.forms import email_field
from app.auth.models import Role
from app.auth.validators import NoControlCharacters
from app.sessions import models as ends

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


#: What the audit page calls each kind of event.
AUDIT_KIND_LABELS = {
    audit.LOGIN: _l("Signed in"),
    audit.LOGIN_FAILED: _l("Failed sign-in"),
    audit.LOGOUT: _l("Signed out"),
    audit.PASSWORD_CHANGED: _l("Password changed"),
    audit.PASSWORD_RESET: _l("Password reset by e-mail link"),
    audit.ROLE_CHANGED: _l("Role changed"),
    audit.CERTIFICATE_ISSUED: _l("Certificate issued"),
    audit.CERTIFICATE_REVOKED: _l("Certificate revoked"),
    audit.TOKEN_CREATED: _l("API token created"),
    audit.TOKEN_REVOKED: _l("API token revoked"),
    audit.ACCOUNT_DELETED: _l("Account deleted"),
    audit.MEMBER_MOVED: _l("Moved to a company"),
    audit.SESSION_ENDED: _l("Session ended"),
    audit.JOB_RETRIED: _l("Background job retried"),
    audit.QUIZ_ATTEMPT_GRANTED: _l("Extra quiz attempt granted"),
    audit.QUIZ_WAIT_LIFTED: _l("Quiz waiting time lifted"),
}
#: Labels of the details events carry (others are shown by their key).
AUDIT_DETAIL_LABELS = {
    "email": _l("E-mail address typed"),
    "remember": _l("Stay signed in"),
    "old": _l("Previous role"),
    "new": _l("New role"),
    "created": _l("New account"),
    "holder": _l("Holder"),
    "course": _l("Course"),
    "lang": _l("Language"),
    "source": _l("Source"),
    "reason": _l("Reason"),
    "from": _l("From"),
    "to": _l("To"),
    "role": _l("Role"),
    "org": _l("Company"),
    "org_id": _l("Company"),
    "label": _l("Label"),
    "certificates_kept": _l("Certificates kept"),
    "company_without_manager": _l("Company left without a manager"),
    "session": _l("Session"),
    "cause": _l("Cause"),
    "job": _l("Job"),
    "error": _l("Error"),
    "module": _l("Module"),
    "attempt": _l("Attempt"),
}
#: Why a session ended (the ``cause`` of session_ended events).
SESSION_END_LABELS = {
    ends.LOGOUT: _l("signed out"),
    ends.IDLE: _l("inactive for too long"),
    ends.EXPIRED: _l("maximum duration reached"),
    ends.PASSWORD_CHANGED: _l("password changed"),
    ends.PASSWORD_RESET: _l("password reset by e-mail link"),
    ends.ROLE_CHANGED: _l("role changed"),
    ends.ACCOUNT_DELETED: _l("account deleted"),
    ends.BY_USER: _l("signed out from another browser"),
    ends.BY_ADMIN: _l("ended by an administrator"),
}


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    kind = SelectField(
        _l("Event"),
        choices=[SelectChoice("", _l("All events"))]
        + [SelectChoice(kind, label) for kind, label in AUDIT_KIND_LABELS.items()],
        validators=[Optional()],
    )
    email = StringField(
        _l("Person's e-mail address"), validators=[Optional(), Length(max=254), NoControlCharacters()]
    )


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by name or e-mail"), validators=[Optional(), Length(max=200), NoControlCharacters()]
    )


class CreateUserForm(FlaskForm):
    """An account created by an admin; the person sets the password from the mail they get."""

    email = email_field()
    name, name_zh = name_fields()
    locale = locale_field()
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Please choose a role."))],
    )
    submit = SubmitField(_l("Create the account"))


class AccountActionForm(FlaskForm):
    """A button with only the CSRF token (resend confirmation, deactivate, reactivate)."""
