"""Flask asks, before every call of a hook, a view, a context processor or an error handler, whether the
function is a coroutine (``ensure_sync``: ``inspect.iscoroutinefunction``, about twenty times a page). The
functions are the app's own and registered once, so the answer is remembered per function; a function met
for the first time is asked as before. The memory is bounded (``LIMIT``), for callables made per request
(``after_this_request``), which this app does not use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

LIMIT = 512


def install(app: Flask) -> None:
    asked = app.ensure_sync
    answers: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return answers[func]
        except KeyError:
            pass
        except TypeError:  # not hashable
            return asked(func)
        answer = asked(func)
        if len(answers) >= LIMIT:
            answers.clear()
        answers[func] = answer
        return answer

    app.ensure_sync = ensure_sync  # type: ignore[method-assign]
