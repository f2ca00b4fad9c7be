"""Checker and converter messages that can be shown in the reader's language later.

`app.content` must not load Flask, so it cannot translate: it marks each message with `N_`, which keeps the
English catalog template and its ``%(name)s`` parameters. The message *is* its English text (a `str`), so
`flask courses check` and the tests read it as before; a page or `--lang` renders it with a catalog's
gettext through `translate`. The marker is a keyword of the extractor (babel.cfg), so every template lands
in translations/*/messages.po.
"""

from collections.abc import Callable, Mapping

Gettext = Callable[[str], str]


class Message(str):
    """An English message that remembers its template and parameters (parameters may be messages too)."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object]) -> "Message":
        if not params:
            text = template
        elif any(type(value) is tuple for value in params.values()):
            text = template % {key: _listed(value, _same) for key, value in params.items()}
        else:
            text = template % params  # the common case, kept cheap: a file may report 100,000 problems
        message = super().__new__(cls, text)
        message.template, message.params = template, params
        return message

    def translated(self, gettext: Gettext) -> str:
        """The message in the language of ``gettext`` (the English text when the catalog lacks it)."""
        params = {
            key: _listed(value, lambda item: translate(item, gettext), gettext)
            for key, value in self.params.items()
        }
        text = gettext(self.template)
        return text % params if params else text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return Message, (self.template, dict(self.params))


def N_(template: str, **params: object) -> Message:  # noqa: N802 - the conventional name of the marker
    """Mark ``template`` for the catalogs; fill ``%(name)s`` from ``params`` (English now, any language later)."""
    return Message(template, params)


#: How the items of a tuple parameter are joined (a catalog entry of its own: Chinese lists with "、").
_SEPARATOR = N_(", ").template


def _listed(value: object, show: Callable[[object], object], gettext: Gettext | None = None) -> object:
    """A parameter as shown: a tuple of texts (several things lost in an export, say) becomes one list."""
    if not isinstance(value, tuple):
        return show(value)
    separator = gettext(_SEPARATOR) if gettext else _SEPARATOR
    return separator.join(str(show(item)) for item in value)


def translate(value: object, gettext: Gettext) -> object:
    """A message in the language of ``gettext``; anything else (a number, an unmarked text) unchanged."""
    return value.translated(gettext) if isinstance(value, Message) else value


def with_params(message: str, change: Callable[[str], str]) -> str:
    """``message`` with ``change`` applied to its text parameters (to shorten paths in them, say)."""
    if not isinstance(message, Message):
        return change(message)
    params = {
        key: with_params(value, change) if isinstance(value, str) else value
        for key, value in message.params.items()
    }
    return Message(message.template, params)


def _same(value: object) -> object:
    return value
