"""Jinja's new-style ``gettext``/``ngettext`` (escaping, ``%(name)s`` placeholders) bound to one catalog.

Flask-Babel's template ``_`` finds the request's catalog again on every call (a dozen context and locale
lookups); a page calls it dozens of times, so templates get functions bound to the catalog once per render.
They take the evaluation context (whether to escape), not the template context: Jinja derives a new template
context for a ``pass_context`` function on every call inside a loop or block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


def _gettext_for(lookup: Callable[[str], str]) -> Callable[..., str]:
    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
        translated = lookup(string)
        if eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704  (catalog text is trusted; `%` escapes the values, as in Jinja)
        return translated % variables

    return gettext


def _ngettext_for(lookup: Callable[[str, str, int], str]) -> Callable[..., str]:
    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: object) -> str:
        variables.setdefault("num", num)
        translated = lookup(singular, plural, num)
        if eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704  (catalog text is trusted; `%` escapes the values, as in Jinja)
        return translated % variables

    return ngettext


def bound_gettext(translations: Any) -> dict[str, Callable[..., str]]:
    """``_``, ``gettext`` and ``ngettext`` for a template context, bound to ``translations`` (a Babel catalog)."""
    gettext = _gettext_for(translations.ugettext)
    return {"_": gettext, "gettext": gettext, "ngettext": _ngettext_for(translations.ungettext)}
