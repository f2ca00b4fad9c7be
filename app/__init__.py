"""ChInValue Academy: the application factory. It only wires; it never migrates or prompts."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import check_production, load_config
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.unit_of_work import install as install_unit_of_work
from app.unit_of_work import install_commands as install_command_boundary


def create_app(config: str | Mapping[str, Any] | None = None) -> Flask:
    """Create the app for a config name (development, production, testing) or a mapping of overrides.

    The instance folder (SQLite file, signing keys, mail outbox) is ``instance/`` beside the code unless
    ``INSTANCE_PATH`` points elsewhere.
    """
    instance_path = os.environ.get("INSTANCE_PATH") or None
    if instance_path:
        instance_path = str(Path(instance_path).resolve())
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
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
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_features(app)
    install_command_boundary(app)
    _configure_logging(app)
    return app


def _normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (as hosting providers hand them out)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def register_extensions(app: Flask) -> None:
    from app import models, sqlite_pragmas  # noqa: F401  (models: every table in the metadata)
    from app.auth import login  # noqa: F401  (registers the user loader)
    from app.i18n.locale import select_locale
    from app.workshops import notices  # noqa: F401  (sends workshop mail after commits)

    db.init_app(app)
    sqlite_pragmas.install(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    install_unit_of_work(app)  # first, so that its after-request commit runs after every other hook


def register_features(app: Flask) -> None:
    """Features that register their own blueprints and commands."""
    from app import jobs
    from app.orgs.export_pages import bp as org_exports_bp

    jobs.init_app(app)
    app.register_blueprint(org_exports_bp)  # large company exports made by jobs


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.analytics.routes import bp as analytics_bp
    from app.auth.login import install as install_session_check
    from app.auth.routes import bp as auth_bp
    from app.authoring.routes import bp as authoring_bp
    from app.certificates.admin import bp as certificates_admin_bp
    from app.certificates.api import bp as certificates_api_bp
    from app.certificates.routes import bp as certificates_bp
    from app.courses.routes import bp as courses_bp
    from app.hrapi.manage import bp as api_tokens_bp
    from app.hrapi.routes import bp as hrapi_bp
    from app.i18n.routes import bp as i18n_bp
    from app.main.routes import bp as main_bp
    from app.openbadges.routes import bp as openbadges_bp
    from app.orgs.admin import bp as orgs_admin_bp
    from app.orgs.routes import bp as orgs_bp
    from app.privacy.routes import bp as privacy_bp
    from app.progress.routes import bp as progress_bp
    from app.quizzes.routes import bp as quizzes_bp
    from app.request_guard import install as install_request_guard
    from app.security_headers import install as install_security_headers
    from app.sessions.routes import bp as sessions_bp
    from app.templating import install as install_templating
    from app.workshops.routes import bp as workshops_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(i18n_bp)
    app.register_blueprint(analytics_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(certificates_admin_bp)
    app.register_blueprint(certificates_api_bp)
    app.register_blueprint(openbadges_bp)
    app.register_blueprint(orgs_bp)
    app.register_blueprint(orgs_admin_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(hrapi_bp)
    app.register_blueprint(api_tokens_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(workshops_bp)
    install_request_guard(app)
    install_session_check(app)
    install_templating(app)
    install_security_headers(app)


def register_errorhandlers(app: Flask) -> None:
    from app.main.errors import install

    install(app)


def register_commands(app: Flask) -> None:
    from app.audit.cli import audit_cli
    from app.auth.cli import users_cli
    from app.certificates.cli import certs_cli
    from app.courses.cli import courses_cli
    from app.demo.cli import demo_cli
    from app.i18n.cli import translate_cli
    from app.orgs.cli import orgs_cli
    from app.quizzes.cli import quiz_cli
    from app.sessions.cli import sessions_cli
    from app.workshops.cli import workshops_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(certs_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(workshops_cli)


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
