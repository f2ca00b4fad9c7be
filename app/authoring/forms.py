"""Forms of the trainer editor and of the admin's trainer assignment."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SubmitField, TextAreaField, ValidationError

#: The most a file edited in the browser may hold, in UTF-8 bytes (the checker allows 2 MB from files).
MAX_SOURCE_BYTES = 500_000
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


class AssignTrainerForm(FlaskForm):
    user = SelectField(_l("Trainer"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Assign"))


class UnassignTrainerForm(FlaskForm):
    submit = SubmitField(_l("Remove"))
