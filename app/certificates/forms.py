"""Certificate forms: the verification upload and lookup, the language change, and the admin forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import email_field
from app.auth.validators import NoControlCharacters
from app.certificates.models import HOLDER_REQUEST, ISSUED_IN_ERROR, OBTAINED_IMPROPERLY, OTHER, REPLACED

#: Certificate languages, each named in its own language(s) like the language menu.
CERTIFICATE_LANGUAGES = {
    "de": "Deutsch",
    "en": "English",
    "zh": "中文",
    "de+zh": "Deutsch + 中文",
    "en+zh": "English + 中文",
}


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in CERTIFICATE_LANGUAGES.items()]


def _language_field(label=None) -> SelectField:  # type: ignore[no-untyped-def]
    return SelectField(
        label or _l("Language of the certificate"),
        choices=language_choices(),
        validators=[DataRequired(_l("Please choose a language."))],
    )


class VerifyUploadForm(FlaskForm):
    pdf = FileField(
        _l("Certificate file (PDF)"),
        description=_l("The PDF file exactly as you received it, at most 5 MB."),
        validators=[FileRequired(_l("Please choose a PDF file."))],
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField(_l("Check the file"))


class LookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET lookup changes nothing

    id = StringField(
        _l("Certificate ID"),
        description=_l("As printed on the certificate, e.g. CV-7K3M-9QXD-2P8W-H."),
        validators=[
            DataRequired(_l("Please enter the certificate ID.")),
            Length(max=64),
            NoControlCharacters(),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Verify"))


class LanguageForm(FlaskForm):
    lang = _language_field()
    submit = SubmitField(_l("Re-issue in this language"))


#: The public revocation categories, as admins choose them (labels: present.category_text).
REVOCATION_CHOICES = {
    ISSUED_IN_ERROR: _l("Issued in error"),
    REPLACED: _l("Replaced"),
    HOLDER_REQUEST: _l("Withdrawn at the holder's request"),
    OBTAINED_IMPROPERLY: _l("Obtained improperly"),
    OTHER: _l("Other"),
}


class RevokeForm(FlaskForm):
    category = SelectField(
        _l("Reason (published)"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(code, label) for code, label in REVOCATION_CHOICES.items()],
        validators=[DataRequired(_l("Please choose the reason for the revocation."))],
    )
    note = StringField(
        _l("Internal note"),
        description=_l("Only for administrators; never shown publicly."),
        validators=[
            Optional(),
            Length(max=500, message=_l("At most %(max)d characters.", max=500)),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Revoke"))


class ReissueForm(FlaskForm):
    lang = _language_field()
    submit = SubmitField(_l("Re-issue"))


class ManualIssueForm(FlaskForm):
    email = email_field(
        _l("Participant's e-mail address"), _l("Please enter the participant's e-mail address.")
    )
    course = SelectField(_l("Course"), coerce=int, validators=[DataRequired(_l("Please choose a course."))])
    lang = _language_field()
    completed_on = DateField(
        _l("Date of the workshop"),
        description=_l("Printed as the completion date; today if left empty. Not in the future."),
        validators=[Optional()],
    )
    note = StringField(
        _l("Reason"),
        description=_l(
            "Why by hand, e.g. “attended the workshop on 20 November in Düsseldorf”. Recorded in the audit log."
        ),
        validators=[
            DataRequired(_l("Please say why the certificate is issued by hand.")),
            Length(max=500, message=_l("At most %(max)d characters.", max=500)),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField(_l("Issue certificate"))


class CertificateSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by ID, name, e-mail or course"),
        validators=[Optional(), Length(max=200), NoControlCharacters()],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("active", _l("Active")),
            SelectChoice("revoked", _l("Revoked")),
        ],
        validators=[Optional()],
        default="",
    )
