"""Parts of pages rendered once and then served from memory: the site's header and footer, a module's
text and navigation, a whole page's layout around its body. Rendering them is most of a page's cost; they
change with the language, a few facts about the visitor and published content, never with the request.

A fragment's template sees only what the caller passes (plus the language: ``_``/``gettext``/``ngettext``,
``current_locale``, ``html_lang``, ``html_langs``; and the environment's globals such as ``url_for``), so the
caller's key, the template name, the language and the path the app is mounted at name everything it can show.
Values that change on every request (a CSRF token, the current path, a person's status beside each module) are
passed as ``live``: the template is rendered with a placeholder for each (by its name, or ``live[name]`` for
names made up in a loop) and kept cut at the placeholders, and each request joins the pieces with its own
values, escaped (one pass, not one per value); every render of one key must pass the same names. Content that
a publish can change belongs in the key as the content stamp (``courses.structure.current_stamp``), so that
every server renders again after a publish. The store is per app and bounded by the characters it holds
(``LIMIT``): when a new fragment would pass it, the oldest fragments go first (those of an older content
stamp, after a publish), so a large catalogue keeps its most recent pages instead of starting again from
nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from flask import Flask, current_app, get_flashed_messages, render_template
from flask.globals import request_ctx
from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from app.langtags import HTML_LANG
from app.web.gettext import bound_gettext

#: Characters kept per app (1–2 bytes each in memory for our languages): a module page's body is 10–40 thousand.
LIMIT = 16_000_000


def _placeholder(name: str) -> str:
    return f"\x00{name}\x00"  # no character here is escaped, and no template text contains NUL


def _parts(html: str, names: Iterable[str]) -> tuple[str, ...]:
    """``html`` cut at the placeholders of ``names``: text, name, text, …, text. A request joins the texts
    with its values in one pass, instead of one pass over the whole fragment per value. One without
    placeholders is kept as Markup: served as it is, not copied into a new Markup on every request."""
    pattern = "|".join(re.escape(name) for name in names)
    return tuple(re.split(f"\x00({pattern})\x00", html)) if pattern else (Markup(html),)  # noqa: S704


def _filled(parts: tuple[str, ...], live: Mapping[str, str]) -> str:
    """The fragment cut into ``parts`` with each placeholder's value from ``live``, escaped."""
    if len(parts) == 1:
        return parts[0]
    filled = list(parts)
    for index in range(1, len(filled), 2):
        value = live[filled[index]]
        filled[index] = value if isinstance(value, Markup) else escape(value)  # not a copy of a whole body
    return "".join(filled)


class Store(dict[tuple[object, ...], tuple[str, ...]]):
    """Fragments (as ``_parts``) by key, in the order they were made, and how many characters they hold."""

    size = 0

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()  # the development server and the browser tests serve in threads

    def keep(self, key: tuple[object, ...], parts: tuple[str, ...]) -> None:
        """Store ``parts``, dropping the oldest fragments while the store would hold more than ``LIMIT``."""
        with self._lock:
            self.size += _length(parts) - _length(self.get(key, ()))
            while self.size > LIMIT and self:
                self.size -= _length(self.pop(next(iter(self))))
            self[key] = parts

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self.size = 0


def _length(parts: tuple[str, ...]) -> int:
    return sum(map(len, parts))


def _store(app: Flask) -> Store:
    store: Store | None = app.extensions.get("fragments")
    if store is None:
        store = app.extensions.setdefault("fragments", Store())
    return store


def fragment(
    template: str,
    key: tuple[object, ...] | None,
    live: dict[str, str] | None = None,
    *,
    locale: str | None = None,
    **context: object,
) -> Markup:
    """``template`` rendered with ``context``, once per ``key`` (and language and mount path); a key of
    None renders it every time (content that cannot be told apart from its next version). ``locale``: the
    request's language when the caller has it already (a page's layout), else it is looked up."""
    locale = locale or str(get_locale())
    if key is None:
        app, full_key, parts = current_app._get_current_object(), None, None  # type: ignore[attr-defined]
    else:  # the app and the mount path through one lookup of the request's context, not two
        context_of_request = request_ctx._get_current_object()  # type: ignore[attr-defined]
        app, root_path = context_of_request.app, context_of_request.request.root_path
        full_key = (template, locale, root_path, *key)
        parts = _store(app).get(full_key)
    if parts is None:
        names = {name: _placeholder(name) for name in live or ()}
        html = app.jinja_env.get_template(template).render(
            **context,
            **names,
            live=names,
            **bound_gettext(get_translations()),
            current_locale=locale,
            html_lang=HTML_LANG.get(locale, locale),
            html_langs=HTML_LANG,
        )
        parts = _parts(html, names)
        if full_key is not None:
            _store(app).keep(full_key, parts)
    html = _filled(parts, live or {})  # rendered by our own template with autoescaping
    return html if isinstance(html, Markup) else Markup(html)  # noqa: S704


#: A page's layout is kept with a placeholder where the header and the body go (``render_page``).
_HEADER, _BODY = Markup(_placeholder("header")), Markup(_placeholder("page"))  # noqa: S704  (nothing to escape)


def render_page(
    template: str, key: tuple[object, ...] | None, body: Markup, locale: str, **context: object
) -> str:
    """``render_template(template, page=body, **context)`` for a page extending base.html, with the layout
    around the body rendered once per ``key`` (what the page's own blocks show: its title), language and
    mount path. The header (the kind of visitor's navigation with the CSRF token and the current path) is
    made per request, as ``site_header()`` makes it; a page with flashed messages (shown once) is rendered by
    ``render_template``, and so is a page whose ``key`` is None."""
    if key is None or get_flashed_messages():
        return render_template(template, page=body, **context)
    context_of_request = request_ctx._get_current_object()  # type: ignore[attr-defined]  (one lookup for both)
    app, asked = context_of_request.app, context_of_request.request
    store = _store(app)
    full_key = (template, locale, asked.root_path, *key)
    parts = store.get(full_key)
    if parts is None:
        layout = render_template(template, **context, site_header=lambda: _HEADER, page=_BODY)
        parts = _parts(layout, ("header", "page"))
        store.keep(full_key, parts)
    header = app.extensions["site_header"](locale, asked.full_path.rstrip("?"))
    return _filled(parts, {"header": header, "page": body})
