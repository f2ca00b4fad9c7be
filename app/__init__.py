"""ChInValue Academy: the application factory. It only wires; it never migrates or prompts.

Flask, the extensions and the features are imported inside the factory, so that importing a pure package
such as `app.content` (the CLI checker, the tests) does not load the web stack.
"""

from __future__ import annotations

import gc
import logging
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# pyHanko imports cryptography's DSA key classes, which warn on import (with the first certificate signed or
# checked in a process); nothing here signs or verifies with DSA (certificates are RSA or ECDSA).
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")


def features() -> tuple[ModuleType, ...]:
    """The features, in the order their pages are registered. Each ``init_app`` registers its blueprints,
    its command group and its signal receivers; nothing is switched on by importing a module for its side
    effect."""
    from app import (
        admin,
        analytics,
        audit,
        auth,
        authoring,
        certificates,
        courses,
        demo,
        hrapi,
        i18n,
        jobs,
        legal,
        main,
        openbadges,
        orgs,
        privacy,
        progress,
        quizzes,
        sessions,
        workshops,
    )

    return (
        main, auth, admin, courses, quizzes, progress, authoring, i18n, analytics, certificates, openbadges,
        orgs, privacy, legal, hrapi, sessions, workshops, audit, demo, jobs,
    )  # fmt: skip


def create_app(config: str | Mapping[str, Any] | None = None) -> Flask:
    """Create the app for a config name (development, production, testing) or a mapping of overrides.

    The instance folder (SQLite file, signing keys, mail outbox) is ``instance/`` beside the code unless
    ``INSTANCE_PATH`` points elsewhere.

    What starting makes (modules, classes, mappers, URL rules, the app) lives as long as the process, so
    the cycle collector is paused meanwhile and then freezes it (``gc.freeze()``: a permanent generation
    that collections skip): otherwise every full collection walks them again, two while a `flask --help`
    starts and one at its exit, about a quarter of its CPU time (bench/startup.py). A process that builds
    more apps (the tests) keeps about 1 MB of each one it drops.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        app = _wire(config)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return app


def _wire(config: str | Mapping[str, Any] | None) -> Flask:
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    from app import form_markup, request_guard, security_headers, templating
    from app.config import check_production, load_config
    from app.unit_of_work import install_commands as install_command_boundary
    from app.web import sync_checks

    instance_path = os.environ.get("INSTANCE_PATH") or None
    if instance_path:
        instance_path = str(Path(instance_path).resolve())
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.jinja_environment = templating.Environment  # before the first use of app.jinja_env
    settings = load_config(config)
    app.config.update(settings)
    if app.config["ENV_NAME"] == "production":
        check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "academy.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxies = int(os.environ.get("PROXY_COUNT", "0") or 0)
    if proxies:
        # Not x_host: the public host comes from SERVER_BASE_URL, never from a forwarded header.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    register_extensions(app)
    request_guard.install(app)  # first: refuses malformed requests before any feature sees them
    for feature in features():
        feature.init_app(app)
    templating.install(app)
    form_markup.install(app)
    security_headers.install(app)  # last: its after_request hook runs first, on every response
    sync_checks.install(app)  # Flask's "is this a coroutine?" asked once per function, not per call
    install_command_boundary(app)  # every command commits or rolls back once, as a request does
    _configure_logging(app)
    return app


def _normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (as hosting providers hand them out)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def register_extensions(app: Flask) -> None:
    from app import autocommit_reads, db_commands, models, pool_check, sqlite_pragmas  # noqa: F401  (models: every table in the metadata)
    from app.extensions import babel, csrf, db, limiter, login_manager
    from app.i18n.locale import select_locale
    from app.i18n.moments import select_timezone
    from app.unit_of_work import install as install_unit_of_work

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        from app import pg_engine  # psycopg is loaded for PostgreSQL only

        pg_engine.install(app)  # before the engine is made: its cursors and pool
    db.init_app(app)
    sqlite_pragmas.install(app)
    pool_check.install(app)  # before autocommit_reads: a closed connection is replaced before its switch
    autocommit_reads.install(app)
    db_commands.install(app)  # `flask db`: Flask-Migrate and Alembic load when it is used
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    limiter.init_app(app)
    install_unit_of_work(app)  # first, so that its after-request commit runs after every other hook


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
