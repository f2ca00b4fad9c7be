"""Forms of the trainer editor and of the admin's trainer assignment."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, SubmitField, TextAreaField, ValidationError

from app.content.quiz.formats import EXTENSIONS

#: The most a file edited in the browser may hold, in UTF-8 bytes (the checker allows 2 MB from files).
MAX_SOURCE_BYTES = 500_000
#: The largest quiz file accepted for import in the browser.
MAX_UPLOAD_BYTES = 1_000_000
#: Control characters except tab and line breaks, lone surrogates, and U+FFFD (left by undecodable bytes).
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def source_problem(value: str) -> str | None:
    """Why ``value`` cannot be a course file typed in the editor, or None when it can be checked."""
    if not value.strip():
        return _("The file is empty. Write its front matter and text, then try again.")
    size = len(value.encode("utf-8", errors="replace"))
    if size > MAX_SOURCE_BYTES:
        return _(
            "The text is too long (%(size)s KB). A file edited here may have at most %(max)s KB.",
            size=size // 1000,
            max=MAX_SOURCE_BYTES // 1000,
        )
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = _NOT_ALLOWED.search(text)
    if bad is not None:
        return _(
            "Line %(line)d contains a character that is not allowed here (a control character, or text that was not UTF-8). Paste the file as plain UTF-8 text.",
            line=text.count("\n", 0, bad.start()) + 1,
        )
    return None


def upload_problem(name: str, data: bytes) -> str | None:
    """Why an uploaded file cannot be converted at all, or None to try (encodings are the converter's)."""
    if not name:
        return _("Please choose a quiz file.")
    if not name.lower().endswith(EXTENSIONS):
        return _(
            "Only GIFT (.gift), Aiken (.txt) and quiz Markdown (.md) files can be imported; this file is called %(name)s.",
            name=name,
        )
    if len(data) > MAX_UPLOAD_BYTES:
        return _(
            "The file is too large (%(size)s KB). A quiz file imported here may have at most %(max)s KB.",
            size=len(data) // 1000,
            max=MAX_UPLOAD_BYTES // 1000,
        )
    if not data.strip():
        return _("The file is empty.")
    return None


class SourceText:
    """A course file's text: not empty, not too long, no control characters or undecodable bytes."""

    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        problem = source_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class EditorForm(FlaskForm):
    source = TextAreaField(_l("File source (front matter and Markdown)"), validators=[SourceText()])
    #: The published revision the text was edited from, so that a newer one is not overwritten unseen.
    base = HiddenField()
    with_drafts = BooleanField(_l("Check and publish together with the saved drafts of the other languages"))
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))
    publish = SubmitField(_l("Publish"))

    def base_number(self) -> int | None:
        """The revision number from the hidden field; None when missing or garbled."""
        value = (self.base.data or "").strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class QuizUploadForm(FlaskForm):
    """A Moodle GIFT or Aiken file, or one of our quiz files, to convert and preview (nothing is saved)."""

    upload = FileField(
        _l("Quiz file"),
        description=_l("Moodle GIFT (.gift), Aiken (.txt) or a quiz in our Markdown format (.md), UTF-8."),
        render_kw={"accept": ".gift,.txt,.md,text/plain,text/markdown"},
    )
    convert = SubmitField(_l("Convert and preview"))


class SaveImportForm(FlaskForm):
    """The converted Markdown, sent back to be saved as the quiz's draft."""

    source = HiddenField(validators=[SourceText()])
    save = SubmitField(_l("Save as draft of this quiz"))


class AssignTrainerForm(FlaskForm):
    user = SelectField(_l("Trainer"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Assign"))


class UnassignTrainerForm(FlaskForm):
    submit = SubmitField(_l("Remove"))
