"""Tell the two kinds of 413 apart: a body larger than allowed, or a form werkzeug refused to parse.

werkzeug answers 413 (RequestEntityTooLarge) both when the body exceeds ``max_content_length`` and when a
multipart form has more than ``max_form_parts`` (1,000) fields or a text field longer than
``max_form_memory_size``. Only the first is "the file is too large"; the others are a form nobody's browser
sends, and the visitor is told so.
"""

from flask import Request
from flask_babel import lazy_gettext as _l

FORM_REFUSED = (
    _l("Form too large"),
    _l(
        "The form you sent has too many fields or too much text in one field. "
        "Please reload the page and send it again."
    ),
)


def form_refused(request: Request) -> bool:
    """Whether this request's 413 came from parsing the form, not from the size of its body."""
    length, limit = request.content_length, request.max_content_length
    return length is not None and (limit is None or length <= limit)
