"""The workshop form (create and edit) and the call-off confirmation; the rules themselves live in
services._check, so the browser, the CLI and the tests refuse the same things."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.validators import NoControlCharacters

FORMAT_LABELS = {"on_site": _l("On site"), "online": _l("Online"), "hybrid": _l("On site and online")}
TIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalTimeField(StringField):
    """A wall-clock time from ``<input type=datetime-local>`` (no zone: the workshop's zone applies)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("render_kw", {})["type"] = "datetime-local"
        super().__init__(*args, **kwargs)
        self.moment: datetime | None = None

    def process_data(self, value) -> None:  # type: ignore[no-untyped-def]
        self.data = value.strftime(TIME_FORMAT) if isinstance(value, datetime) else value

    def pre_validate(self, form) -> None:  # type: ignore[no-untyped-def]
        self.moment = None
        text = (self.data or "").strip()
        if not text:
            return
        try:
            moment = datetime.fromisoformat(text) if len(text) <= 19 and "T" in text else None
        except ValueError:
            moment = None
        if moment is None or not 2000 <= moment.year <= 2100:
            raise ValidationError(_l("Please give a date and time, e.g. 2027-03-10 09:00."))
        self.moment = moment.replace(second=0, microsecond=0)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, max_length: int, area: bool = False):  # type: ignore[no-untyped-def]
    cls = TextAreaField if area else StringField
    return cls(
        label,
        validators=[
            Optional(),
            Length(max=max_length, message=_l("At most %(max)d characters, please.")),
            NoControlCharacters(),
        ],
    )


class WorkshopForm(FlaskForm):
    title_de = _text(_l("Title (German)"), 200)
    title_en = _text(_l("Title (English)"), 200)
    title_zh = _text(_l("Title (Chinese)"), 200)
    description_de = _text(_l("Description (German)"), 5000, area=True)
    description_en = _text(_l("Description (English)"), 5000, area=True)
    description_zh = _text(_l("Description (Chinese)"), 5000, area=True)
    format = SelectField(_l("Format"), choices=[SelectChoice(v, label) for v, label in FORMAT_LABELS.items()])
    venue = _text(_l("Venue (address)"), 500, area=True)
    online_url = StringField(
        _l("Online link"),
        description=_l("Shown only to registered participants."),
        validators=[Optional(), Length(max=500, message=_l("At most %(max)d characters, please."))],
    )
    starts = LocalTimeField(_l("Starts"), validators=[DataRequired(_l("Please give the start."))])
    ends = LocalTimeField(_l("Ends"), validators=[DataRequired(_l("Please give the end."))])
    timezone = StringField(
        _l("Time zone"),
        description=_l("The zone the times above are in, e.g. Europe/Berlin or Asia/Shanghai."),
        default="Europe/Berlin",
        validators=[DataRequired(_l("Please choose a time zone.")), Length(max=64)],
        render_kw={"list": "zones", "autocomplete": "off"},
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[
            InputRequired(_l("Please give the number of seats.")),
            NumberRange(min=1, max=10_000, message=_l("The capacity must be between 1 and 10,000 seats.")),
        ],
    )
    deadline = LocalTimeField(
        _l("Registration deadline"), description=_l("Empty: registration closes when the workshop starts.")
    )
    cpd_hours = DecimalField(
        _l("CPD hours"),
        places=None,
        validators=[
            Optional(),
            NumberRange(min=0, max=200, message=_l("CPD hours must be between 0 and 200.")),
        ],
    )
    certificate_course = SelectField(
        _l("Course for the blended certificate"),
        coerce=int,
        description=_l("Its quizzes passed and attendance recorded earn the blended certificate."),
    )
    prepare_courses = CheckboxesField(_l("Courses to prepare with"), coerce=int)
    trainers = CheckboxesField(_l("Trainers"), coerce=int)
    submit = SubmitField(_l("Save the workshop"))


class CallOffForm(FlaskForm):
    confirm = StringField(
        _l("Type the workshop's id to confirm"),
        validators=[DataRequired(_l("Please type the workshop's id to confirm."))],
    )
    submit = SubmitField(_l("Call the workshop off"))


class RegisterMemberForm(FlaskForm):
    member = SelectField(_l("Member"), coerce=int)
    workshop = SelectField(_l("Workshop"), coerce=int)
    submit = SubmitField(_l("Register for the workshop"))
