"""What every template can use: the language menu, dates in the viewer's zone, numbers per locale, the
status words and badges."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any

from flask import Flask, has_request_context, request
from flask.templating import Environment as FlaskEnvironment
from flask.templating import _default_template_ctx_processor
from flask_babel import get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.content.messages import translate
from app.i18n import formats
from app.i18n.locale import LANGUAGE_NAMES
from app.i18n.moments import locale as _locale
from app.i18n.moments import zone as _zone
from app.langtags import HTML_LANG
from app.orgs.navigation import current_company_manager
from app.web.addresses import email_breaks
from app.web.fragments import encoded_fragment, fragment
from app.web.gettext import bound_gettext
from app.web.links import remembering_url_for
from app.web.signing import csrf_token
from app.web.status import badge_class, status_label

#: The static files base.html links on every page, by the name the template uses.
LAYOUT_FILES = {"stylesheet_url": "css/app.css", "icon_url": "img/logo.svg", "script_url": "js/ui.js"}
#: Languages times mount paths whose facts are kept (there is one mount path in practice).
MOUNT_PATHS_KEPT = 64


class _Globals(ChainMap[str, Any]):
    """A template's globals (its own over the environment's) as Jinja keeps them, read without ChainMap's
    try/except: Jinja copies them all into each render's context, and every name not in the template's own
    (empty) map raised and caught a KeyError (28 a render). Our maps are plain dicts, so ``in`` is exact."""

    def __getitem__(self, key: str) -> Any:
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)


class Environment(FlaskEnvironment):
    """Flask's environment with the template globals of ``_Globals`` (the app's ``jinja_environment``)."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)


def _page_locale(context: Context) -> str:
    """The language the page is rendered in: looked up once per render by ``inject`` (or by a fragment),
    not once per value shown (Flask-Babel's lookup costs more than a kept date or percentage)."""
    return context.get("current_locale") or _locale()


def install(app: Flask) -> None:
    filters = app.jinja_env.filters
    filters["date"] = pass_context(
        lambda context, value, fmt="medium": (
            formats.day(value, _page_locale(context), _zone(), fmt) if value else ""
        )
    )
    filters["datetime"] = pass_context(
        lambda context, value, fmt="medium": (
            formats.moment(value, _page_locale(context), _zone(), fmt) if value else ""
        )
    )
    filters["number"] = pass_context(
        lambda context, value, digits=3: (
            formats.number(value, _page_locale(context), digits) if value is not None else ""
        )
    )
    filters["percent"] = pass_context(
        lambda context, value: formats.percent(value, _page_locale(context)) if value is not None else ""
    )
    filters["duration"] = pass_context(
        lambda context, minutes: formats.duration(minutes or 0, _page_locale(context))
    )
    filters["email_breaks"] = email_breaks
    # A checker or converter message (app.content marks them with N_) in the reader's language.
    filters["problem_text"] = lambda problem: translate(problem.message, get_translations().ugettext)
    app.jinja_env.globals.update(
        status_label=status_label,
        status_badge_class=badge_class,
        url_for=remembering_url_for(),
        lang_if=lang_if,
    )

    _drop_repeated_default_processors(app)
    app.extensions["site_header"] = header  # for pages whose layout is kept whole (fragments.render_page)

    per_page_kind: dict[tuple[str, str | None], dict[str, object]] = {}
    url_for = app.jinja_env.globals["url_for"]

    @app.context_processor
    def inject() -> dict:
        """Per render: the language's facts and its catalog bound (made once per language, mount path and app:
        Flask-Babel keeps a language's catalog for the app's life), the request's path, the layout's header,
        footer and the addresses of the files every page loads (three links built per page before)."""
        locale = _locale()
        current = request._get_current_object() if has_request_context() else None  # type: ignore[attr-defined]
        key = (locale, current.root_path if current is not None else None)
        facts = per_page_kind.get(key)
        if facts is None:
            facts = {
                "current_locale": locale,
                "html_lang": HTML_LANG.get(locale, locale),
                "language_names": LANGUAGE_NAMES,
                "html_langs": HTML_LANG,
                **bound_gettext(get_translations()),
                "site_header": site_header,
                "site_footer": site_footer,
            }
            if current is not None:
                facts.update({name: url_for("static", filename=file) for name, file in LAYOUT_FILES.items()})
            if len(per_page_kind) >= MOUNT_PATHS_KEPT:  # the mount path comes from the WSGI server
                per_page_kind.clear()
            per_page_kind[key] = facts
        return {**facts, "current_path": current.full_path.rstrip("?") if current is not None else "/"}


def _drop_repeated_default_processors(app: Flask) -> None:
    """Flask gives every blueprint its own copy of the app's default context processor (``g``, ``request``,
    ``session``), so a page of a blueprint computed those three twice, to the same values. Only the app's
    stays (call after the blueprints are registered)."""
    processors = app.template_context_processors
    for name in [name for name in processors if name is not None]:
        kept = [func for func in processors[name] if func is not _default_template_ctx_processor]
        if kept:
            processors[name] = kept
        else:
            del processors[name]


def lang_if(code: str | None, page_lang: str) -> Markup:
    """` lang="…"` for text shown in another language than the page's (a course's fallback to its source
    language); a function, not a macro: pages call it once per module, and a macro call costs ten times more."""
    if code and code != page_lang:
        return Markup(' lang="%s"') % HTML_LANG.get(code, "")
    return Markup("")


@pass_context
def site_header(context: Context) -> Markup:
    """The header for the page being rendered: its language and current path (``inject`` put them in its
    context)."""
    return header(_page_locale(context), context.get("current_path") or request.full_path.rstrip("?"))


def header(locale: str, path: str, encoded: bool = False) -> Markup | list[bytes]:
    """The header (navigation, language menu) for this kind of visitor, from memory after the first time,
    with this request's CSRF token and ``path`` (the page to come back to after a change of language);
    ``encoded``: as UTF-8 pieces for ``fragments.render_page``."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]  (one lookup, not three)
    signed_in = user.is_authenticated
    facts = {
        "signed_in": signed_in,
        "manager": signed_in and current_company_manager(user),
        "trainer": signed_in and user.is_trainer,
        "admin": signed_in and user.is_admin,
    }
    live = {"csrf_token": csrf_token(), "current_path": path}
    return (encoded_fragment if encoded else fragment)(
        "_layout/header.html",
        tuple(facts.values()),
        live,
        locale=locale,
        **facts,
        language_names=LANGUAGE_NAMES,
    )


@pass_context
def site_footer(context: Context) -> Markup:
    return fragment("_layout/footer.html", (), locale=_page_locale(context))
