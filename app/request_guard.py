"""Refuse NUL characters in the URL before any view sees them.

PostgreSQL cannot compare text with a NUL byte and raises; no real path or query has one. Form fields are
checked by their validators instead, which answer next to the field.
"""

from flask import Flask, abort, request


def install(app: Flask) -> None:
    @app.before_request
    def refuse_nul_in_url() -> None:
        if "\x00" in request.path:
            abort(404)
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)
