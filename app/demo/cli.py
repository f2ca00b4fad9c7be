"""`flask demo load`: demo accounts (and, as features land, demo content) for a local try-out."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.auth import services
from app.auth.models import Role
from app.extensions import db

#: Development-only accounts; `flask demo load` refuses to run in production.
DEMO_ACCOUNTS = [
    ("admin@demo.chinvalue.test", "demo-admin-2026", "Anna Admin", None, "de", Role.ADMIN),
    ("trainer@demo.chinvalue.test", "demo-trainer-2026", "Li Wei", "李伟", "zh", Role.TRAINER),
    (
        "participant@demo.chinvalue.test",
        "demo-participant-2026",
        "Jonas Becker",
        None,
        "de",
        Role.PARTICIPANT,
    ),
    (
        "teilnehmerin@demo.chinvalue.test",
        "demo-participant-2026",
        "Wang Fang",
        "王芳",
        "zh",
        Role.PARTICIPANT,
    ),
]


@click.group("demo", cls=AppGroup)
def demo_cli() -> None:
    """Demo data for local development."""


@demo_cli.command("load")
def load() -> None:
    """Create the demo accounts (idempotent) and print their e-mails and passwords."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is for development only")
    for email, password, name, name_zh, locale, role in DEMO_ACCOUNTS:
        services.register(email, password, name, name_zh, locale, role, confirmed=True)
    db.session.commit()
    click.echo("Demo accounts (e-mail / password / role):")
    for email, password, _name, _zh, _locale, role in DEMO_ACCOUNTS:
        click.echo(f"  {email:<36} {password:<24} {role.value}")
