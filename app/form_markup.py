"""Form markup that stays valid HTML on every page, installed once for all forms.

- Flask-WTF renders every form's CSRF token as ``<input id="csrf_token">``: two forms on a page (one per
  table row) make a duplicate id, which the Nu HTML checker rejects. Nothing refers to that id, so the
  token is rendered without one.
- WTForms marks a ``<select>`` of a required field ``required``; HTML then wants an empty first option.
  A select whose first option is a real value always has a value, so it is left without ``required``
  (the server validates it anyway).
- Sanitised Markdown comes as paragraphs; inside a ``<label>`` (a quiz option) only phrasing content is
  allowed, so the ``inline`` filter turns paragraphs into line breaks.
"""

import re

from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields import SelectField
from wtforms.widgets import HiddenInput, Select


class _HiddenWithoutId(HiddenInput):
    def __call__(self, field, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("id", False)  # False leaves the attribute out
        return super().__call__(field, **kwargs)


class _Select(Select):
    def __call__(self, field, **kwargs):  # type: ignore[no-untyped-def]
        if not self.multiple and not _starts_empty(field):
            kwargs["required"] = False
        return super().__call__(field, **kwargs)


def _starts_empty(field) -> bool:  # type: ignore[no-untyped-def]
    first = next(iter(field.iter_choices()), None)
    return first is not None and first[0] in ("", None)


_PARAGRAPH = re.compile(r"\s*<p>(.*?)</p>\s*", re.S)


def inline(html: str) -> Markup:
    """Sanitised HTML with its paragraphs joined by ``<br>`` (for places that allow no ``<p>``)."""
    parts = [m.group(1) for m in _PARAGRAPH.finditer(html)]
    if not parts or _PARAGRAPH.sub("", html).strip():
        return Markup(html)  # noqa: S704  (already sanitised; not only paragraphs: left as it is)
    return Markup("<br>".join(parts))  # noqa: S704  (the sanitised paragraphs' own content)


#: The file inputs' own button and empty state, in the page's language (templates/_macros/forms.html).
FILE_PICKER = {"choose": _l("Choose a file…"), "none": _l("No file chosen")}


def install(app: Flask) -> None:
    CSRFTokenField.widget = _HiddenWithoutId()
    SelectField.widget = _Select()
    app.jinja_env.filters["inline"] = inline
    app.jinja_env.globals["file_picker"] = FILE_PICKER
