"""``url_for`` for templates, remembered per app: a page builds 20–40 links, and building one through
Werkzeug's URL map costs more than a dictionary lookup by an order of magnitude.

A link relative to the site depends only on the endpoint, its values and the path the app is mounted at
(``request.root_path``, set by the WSGI server: there is no X-Forwarded-Prefix here), so those are the key.
Anything else (external links, values that are not plain strings or numbers, no request) is built as
before. The number of links a site has is bounded by its content; the store is emptied when it grows past
``LIMIT`` (attempt ids and the like keep adding keys).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import has_request_context, request
from flask import url_for as build

LIMIT = 5000
_PLAIN = (str, int)


def remembering_url_for() -> Callable[..., str]:
    """A ``url_for`` with its own store (one per app, so two apps in one process never share one)."""
    built: dict[tuple[object, ...], str] = {}

    def url_for(endpoint: str, /, **values: object) -> str:
        if (
            "_external" in values
            or "_scheme" in values
            or not has_request_context()
            or not all(type(value) in _PLAIN for value in values.values())
        ):
            return build(endpoint, **values)
        if endpoint[:1] == ".":
            endpoint = f"{request.blueprint}{endpoint}"
        key = (request.root_path, endpoint, *values.items())
        url = built.get(key)
        if url is None:
            url = build(endpoint, **values)
            if len(built) >= LIMIT:
                built.clear()
            built[key] = url
        return url

    return url_for
