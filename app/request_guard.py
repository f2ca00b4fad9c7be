"""Refuse what no page of ours sends before any view sees it: NUL characters in the URL, and request bodies
that the forms cannot read.

PostgreSQL cannot compare text with a NUL byte and raises; no real path or query has one. Form fields are
checked by their validators instead, which answer next to the field. Flask-WTF fills a form from uploaded
files and from a JSON body as well as from form fields; the validators of a text field then meet a file
object, a number or a list and fail with a 500. Our pages send neither, so both are refused with 400,
except uploaded files where a page takes one (the verification of a certificate's PDF, a list of addresses to
invite, a quiz file to import) and the JSON API.
"""

from flask import Flask, abort, request

#: The views that take an uploaded file.
UPLOAD_ENDPOINTS = frozenset(
    {
        "certificates.verify_index",
        "certificates.verify_page",
        "certificates_api.verify",
        "orgs.bulk_invitations",
        "quiz_import.import_quiz",
    }
)


def install(app: Flask) -> None:
    app.before_request(refuse_what_no_page_sends)


def refuse_what_no_page_sends() -> None:
    """One hook for both checks; the query's fields are parsed only when there is a query."""
    asked = request._get_current_object()  # type: ignore[attr-defined]  (one proxy lookup, not six)
    if "\x00" in asked.path:
        abort(404)
    if asked.query_string and any(
        "\x00" in key or "\x00" in value for key, value in asked.args.items(multi=True)
    ):
        abort(400)
    if asked.method in ("GET", "HEAD", "OPTIONS") or asked.path.startswith("/api/"):
        return
    if asked.is_json or (asked.files and asked.endpoint not in UPLOAD_ENDPOINTS):
        abort(400)
