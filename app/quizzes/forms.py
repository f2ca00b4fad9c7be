"""The trainer's override form: a reason is required, kept whole in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.auth.validators import NoControlCharacters
from app.quizzes.models import REASON_MAX


class OverrideForm(FlaskForm):
    #: overrides.basis of the state the page showed: a form sent twice no longer matches it.
    seen = HiddenField()
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Required; kept in the audit log. At most %(max)d characters.", max=REASON_MAX),
        validators=[
            DataRequired(_l("Please give a reason.")),
            Length(max=REASON_MAX, message=_l("At most %(max)d characters.", max=REASON_MAX)),
            NoControlCharacters(invisible=True),
        ],
        render_kw={"rows": 2, "maxlength": REASON_MAX},
    )
