"""`flask sessions`: end an account's sessions from the server (a compromised account), and delete old
session records (they hold IP addresses: keep them no longer than needed)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from app.auth.services import find_by_email
from app.sessions import services
from app.sessions.models import BY_ADMIN
from app.timeutil import utcnow


@click.group("sessions", cls=AppGroup)
def sessions_cli() -> None:
    """Sign-in sessions: end them, delete old records."""


@sessions_cli.command("end")
@click.argument("email")
def end(email: str) -> None:
    """Sign the account with EMAIL out of every browser."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with {email}")
    count = services.end_all(user.id, BY_ADMIN, actor_id=None)
    click.echo(f"ended {count} sessions of {user.email}")


@sessions_cli.command("prune")
@click.option(
    "--older-than",
    "days",
    required=True,
    type=click.IntRange(30, 36_500),
    help="Delete sessions that ended, or started, more than this many days ago (at least 30).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def prune(days: int, yes: bool) -> None:
    """Delete old session records (a session started 30 days ago is over in any configuration)."""
    before = utcnow() - timedelta(days=days)
    if not yes:
        click.confirm(f"Delete every session record from before {before:%Y-%m-%d %H:%M} UTC?", abort=True)
    count = services.prune(before)
    click.echo(f"deleted {count} session records older than {days} days")
