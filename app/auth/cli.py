"""`flask users`: accounts from the command line, for scripts and the first admin."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from app.audit.models import ROLE_CHANGED
from app.audit.services import record
from app.auth import services
from app.auth.models import Role


@click.group("users", cls=AppGroup)
def users_cli() -> None:
    """Manage user accounts."""


@users_cli.command("create")
@click.option("--email", required=True, help="E-mail address (the login).")
@click.option("--password", help="Password; asked for (hidden) when omitted.")
@click.option("--name", required=True, help="Name in Latin script, as on certificates.")
@click.option("--name-zh", default=None, help="Name in Chinese characters (optional).")
@click.option("--lang", "locale", type=click.Choice(["de", "en", "zh"]), default="de", show_default=True)
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.PARTICIPANT.value, show_default=True
)
def create(email: str, password: str | None, name: str, name_zh: str | None, locale: str, role: str) -> None:
    """Create a confirmed account, or change the role of an existing one to ROLE."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with force_locale("en"):
        problems = services.validate_new_account(email, password, name, name_zh, locale)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(2)
    result = services.register(email, password, name, name_zh, locale, Role(role), confirmed=True)
    if not result.created:
        raise click.ClickException(f"an account with {services.normalise_email(email)} already exists")
    if role != Role.PARTICIPANT.value:
        record(ROLE_CHANGED, target=f"user:{result.user.id}", old=None, new=role, created=True)
    click.echo(f"created {role} {result.user.email} (id {result.user.id})")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role(email: str, role: str) -> None:
    """Give the account with EMAIL the role ROLE."""
    user = services.find_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with {email}")
    try:
        services.change_role(user, Role(role))
    except services.AccountError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{user.email} is now {role}")
