"""Flask extensions, created unbound here and bound to the app in the factory (Flask-Migrate: db_commands.py)."""

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import flask
import flask_limiter
from flask.globals import request_ctx
from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: Constraint names that Alembic can refer to on every database (SQLite batch mode needs them).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter whose before-request check runs only where it can find a limit.

    The library checks every request before its view for the limits that apply to more than one view: the
    application's, the default and meta limits and the limits of the request's blueprint. A limit on a view
    (every limit here but the HR API's, which is on its blueprint) is checked by its decorator when the view
    runs. The before-request check therefore found nothing on almost every page, at 7 % of a module page's
    instructions; it now runs when the limiter has such limits at all, or the request's blueprint, or one it is
    nested in, has limits of its own (tests/security/test_every_limit.py).
    """

    def init_app(self, app: flask.Flask) -> None:
        """The library's after-request hook (rate-limit headers, conditional deductions) and teardown (its
        per-request state emptied) act on state that only a checked limit creates; on a request that met no
        limit the hook created that state just to find it empty. They now run only when it exists."""
        super().init_app(app)
        # Inside a class named Limiter, ``__inject_headers`` and ``__release_context`` name the library's
        # private hooks (Python mangles both to ``_Limiter__…``).
        after = app.after_request_funcs.get(None, [])
        for index, hook in enumerate(after):
            if isinstance(hook, partial) and hook.func is flask_limiter.Limiter.__inject_headers:
                after[index] = partial(_when_limited, hook)
        teardown = app.teardown_request_funcs.get(None, [])
        for index, hook in enumerate(teardown):
            if hook == self.__release_context:
                teardown[index] = partial(_when_limited, hook)

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if in_middleware and not self._may_apply_before_view(flask.request._get_current_object().blueprint):  # type: ignore[attr-defined]
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _may_apply_before_view(self, blueprint: str | None) -> bool:
        """Whether the library's before-request check could find a limit for a request of ``blueprint``
        (leaning to yes: a nested or renamed blueprint is looked up under every name it might be known by)."""
        manager = self.limit_manager
        if (
            manager._application_limits
            or manager._default_limits
            or self._meta_limits
            or self._in_memory_fallback
        ):
            return True
        limited = manager._blueprint_limits
        if not blueprint or not limited:
            return False
        names = set(blueprint.split("."))
        registered = flask.current_app._get_current_object().blueprints.get(blueprint)  # type: ignore[attr-defined]
        if registered is not None:
            names.add(registered.name)
        return not names.isdisjoint(limited)


T = TypeVar("T")


def _when_limited(hook: Callable[[T], T], value: T) -> T:
    """``hook(value)`` if a limit was checked in this request (the library keeps its state on the request
    context), else ``value`` unchanged: the response for an after-request hook, the error for a teardown."""
    if hasattr(request_ctx._get_current_object(), "_limiter_request_context"):  # type: ignore[attr-defined]
        return hook(value)
    return value


#: Objects stay usable after the request's commit: pages render what they just saved without reloading
#: every row (which would make the number of queries grow with the size of a course).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
