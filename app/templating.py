"""What every template can use: the language menu, dates in the viewer's zone, numbers per locale, the
status words and badges."""

from __future__ import annotations

from flask import Flask, request
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
from app.web.fragments import fragment
from app.web.gettext import bound_gettext
from app.web.links import remembering_url_for
from app.web.signing import csrf_token
from app.web.status import badge_class, status_label


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

    per_language: dict[str, dict[str, object]] = {}

    @app.context_processor
    def inject() -> dict:
        """Per render: the language's facts and its catalog bound (made once per language and app: Flask-Babel
        keeps a language's catalog for the app's life), the request's path, the layout's header and footer."""
        locale = _locale()
        facts = per_language.get(locale)
        if facts is None:
            facts = per_language[locale] = {
                "current_locale": locale,
                "html_lang": HTML_LANG.get(locale, locale),
                "language_names": LANGUAGE_NAMES,
                "html_langs": HTML_LANG,
                **bound_gettext(get_translations()),
                "site_header": site_header,
                "site_footer": site_footer,
            }
        return {**facts, "current_path": request.full_path.rstrip("?") if request else "/"}


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


def site_header() -> Markup:
    """The header (navigation, language menu) for this kind of visitor, from memory after the first time."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]  (one lookup, not three)
    signed_in = user.is_authenticated
    facts = {
        "signed_in": signed_in,
        "manager": signed_in and current_company_manager(),
        "trainer": signed_in and user.is_trainer,
        "admin": signed_in and user.is_admin,
    }
    live = {"csrf_token": csrf_token(), "current_path": request.full_path.rstrip("?")}
    return fragment(
        "_layout/header.html", tuple(facts.values()), live, **facts, language_names=LANGUAGE_NAMES
    )


def site_footer() -> Markup:
    return fragment("_layout/footer.html", ())
