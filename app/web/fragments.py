"""Parts of pages rendered once and then served from memory: the site's header and footer, a module's
text and navigation, a whole page's layout around its body. Rendering them is most of a page's cost; they
change with the language, a few facts about the visitor and published content, never with the request.

A fragment's template sees only what the caller passes (plus the language: ``_``/``gettext``/``ngettext``,
``current_locale``, ``html_lang``, ``html_langs``; and the environment's globals such as ``url_for``), so the
caller's key, the template name, the language and the path the app is mounted at name everything it can show.
Values that change on every request (a CSRF token, the current path, a person's status beside each module) are
passed as ``live``: the template is rendered with a placeholder for each (by its name, or ``live[name]`` for
names made up in a loop) and kept cut at the placeholders, and each request joins the pieces with its own
values, escaped (one pass, not one per value); every render of one key must pass the same names. A page's
body and header (``encoded_fragment``) and the layout around them (``render_page``) are kept UTF-8 encoded:
a request encodes only its own values and hands the joined bytes to the response. Encoding the whole page
cost 5–7 % of its instructions: the one Chinese character of the language menu makes Python keep all of a
page's text at two bytes per character, which encodes slowly. Content that a publish can change belongs in
the key as the content stamp (``courses.structure.current_stamp``), so that every server renders again after
a publish. The store is per app and bounded by the characters (or bytes, when encoded) it holds (``LIMIT``):
when a new fragment would pass it, the oldest fragments go first (those of an older content stamp, after a
publish), so a large catalogue keeps its most recent pages instead of starting again from nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from flask import current_app, get_flashed_messages, render_template, request
from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from app.langtags import HTML_LANG
from app.web.gettext import bound_gettext

#: Characters (or bytes, when encoded) kept per app: a module page's body is 10–40 thousand.
LIMIT = 16_000_000

#: A fragment as kept: its texts (str, or UTF-8 bytes) and between them the names of its live values.
Parts = tuple[str | bytes, ...]


def _placeholder(name: str) -> str:
    return f"\x00{name}\x00"  # no character here is escaped, and no template text contains NUL


def _parts(html: str, names: Iterable[str], encoded: bool = False) -> Parts:
    """``html`` cut at the placeholders of ``names``: text, name, text, …, text. A request joins the texts
    with its values in one pass, instead of one pass over the whole fragment per value. One without
    placeholders is kept as Markup: served as it is, not copied into a new Markup on every request.
    ``encoded``: the texts UTF-8 encoded (the names stay str)."""
    pattern = "|".join(re.escape(name) for name in names)
    parts = re.split(f"\x00({pattern})\x00", html) if pattern else [Markup(html)]  # noqa: S704
    if encoded:
        parts[::2] = [text.encode() for text in parts[::2]]
    return tuple(parts)


def _filled(parts: Parts, live: Mapping[str, str]) -> str:
    """The fragment cut into ``parts`` with each placeholder's value from ``live``, escaped."""
    if len(parts) == 1:
        return parts[0]
    filled = list(parts)
    for index in range(1, len(filled), 2):
        value = live[filled[index]]
        filled[index] = value if isinstance(value, Markup) else escape(value)  # not a copy of a whole body
    return "".join(filled)


def _encoded(parts: Parts, live: Mapping[str, str]) -> list[bytes]:
    """As ``_filled`` for encoded ``parts``: the pieces to join, each value escaped and encoded."""
    filled = list(parts)
    for index in range(1, len(filled), 2):
        value = live[filled[index]]
        filled[index] = (value if isinstance(value, Markup) else escape(value)).encode()
    return filled


class Store(dict[tuple[object, ...], Parts]):
    """Fragments (as ``_parts``) by key, in the order they were made, and how many characters (or bytes)
    they hold."""

    size = 0

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()  # the development server and the browser tests serve in threads

    def keep(self, key: tuple[object, ...], parts: Parts) -> None:
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


def _length(parts: Parts) -> int:
    return sum(map(len, parts))


def _store() -> Store:
    extensions = current_app._get_current_object().extensions  # type: ignore[attr-defined]
    store: Store | None = extensions.get("fragments")
    if store is None:
        store = extensions.setdefault("fragments", Store())
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
    html = _filled(_kept(template, key, live, locale, context, False), live or {})  # by our own template
    return html if isinstance(html, Markup) else Markup(html)  # noqa: S704  (rendered with autoescaping)


def encoded_fragment(
    template: str,
    key: tuple[object, ...] | None,
    live: dict[str, str] | None = None,
    *,
    locale: str | None = None,
    **context: object,
) -> list[bytes]:
    """As ``fragment``, kept UTF-8 encoded: the pieces (to join) of a page's body or header for
    ``render_page`` (the header is also shown by ``fragment``: the two are kept under different keys)."""
    return _encoded(_kept(template, key, live, locale, context, True), live or {})


def _kept(
    template: str,
    key: tuple[object, ...] | None,
    live: dict[str, str] | None,
    locale: str | None,
    context: dict[str, object],
    encoded: bool,
) -> Parts:
    """The parts of ``template`` rendered with ``context`` (see ``fragment``), from the store if kept."""
    store = _store()
    locale = locale or str(get_locale())
    root = request._get_current_object().root_path  # type: ignore[attr-defined]
    full_key = (template, locale, root, encoded, *key) if key is not None else None
    parts = store.get(full_key) if full_key is not None else None
    if parts is None:
        names = {name: _placeholder(name) for name in live or ()}
        html = current_app.jinja_env.get_template(template).render(
            **context,
            **names,
            live=names,
            **bound_gettext(get_translations()),
            current_locale=locale,
            html_lang=HTML_LANG.get(locale, locale),
            html_langs=HTML_LANG,
        )
        parts = _parts(html, names, encoded)
        if full_key is not None:
            store.keep(full_key, parts)
    return parts


#: A page's layout is kept with a placeholder where the header and the body go (``render_page``).
_HEADER, _BODY = Markup(_placeholder("header")), Markup(_placeholder("page"))  # noqa: S704  (nothing to escape)


def render_page(
    template: str, key: tuple[object, ...] | None, body: list[bytes], locale: str, **context: object
) -> bytes | str:
    """``render_template(template, page=body, **context)`` for a page extending base.html, UTF-8 encoded,
    with the layout around the body (``encoded_fragment``'s pieces) rendered once per ``key`` (what the
    page's own blocks show: its title), language and mount path. The header (the kind of visitor's navigation
    with the CSRF token and the current path) is made per request, as ``site_header()`` makes it; a page with
    flashed messages (shown once) is rendered by ``render_template``, and so is a page whose ``key`` is
    None."""
    if key is None or get_flashed_messages():
        page = Markup(b"".join(body).decode())  # noqa: S704  (our own templates' output)
        return render_template(template, page=page, **context)
    store, asked = _store(), request._get_current_object()  # type: ignore[attr-defined]
    full_key = (template, locale, asked.root_path, *key)
    parts = store.get(full_key)
    if parts is None:
        layout = render_template(template, **context, site_header=lambda: _HEADER, page=_BODY)
        parts = _parts(layout, ("header", "page"), encoded=True)
        store.keep(full_key, parts)
    site_header = current_app._get_current_object().extensions["site_header"]  # type: ignore[attr-defined]
    header = site_header(locale, asked.full_path.rstrip("?"), encoded=True)
    pieces = {"header": header, "page": body}
    page = [parts[0]]
    for index in range(1, len(parts), 2):
        page += pieces[parts[index]]  # type: ignore[index]
        page.append(parts[index + 1])
    return b"".join(page)  # type: ignore[arg-type]  (an encoded layout's texts are bytes)
