"""`flask audit tail` shows the newest audit events (for a server without a browser); `flask audit prune`
deletes old ones (the log holds IP and e-mail addresses: keep it no longer than needed)."""

from __future__ import annotations

import json
from datetime import timedelta

import click
from flask.cli import AppGroup

from app.audit import services
from app.audit.models import KINDS, AuditEvent
from app.extensions import db
from app.timeutil import utcnow


@click.group("audit", cls=AppGroup)
def audit_cli() -> None:
    """Read the audit log of security-relevant events."""


@audit_cli.command("tail")
@click.option("-n", "--lines", "count", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--kind", type=click.Choice(KINDS), help="Only events of this kind.")
@click.option("--email", help="Only events by people whose e-mail contains this (and failed sign-ins as it).")
def tail(count: int, kind: str | None, email: str | None) -> None:
    """Print the newest events, oldest of them first, one per line (times in UTC)."""
    events = list(db.session.scalars(services.search(kind, email).limit(count)))
    for event in reversed(events):
        click.echo(format_event(event))


def format_event(event: AuditEvent) -> str:
    """One line: time (UTC), kind, actor, target, address, details as JSON."""
    actor = event.actor.email if event.actor else "-"
    details = json.dumps(event.details or {}, ensure_ascii=False, sort_keys=True)
    return (
        f"{event.at:%Y-%m-%d %H:%M:%S} {event.kind:<20} {actor} {event.target or '-'} "
        f"{event.ip or '-'} {details}"
    )


@audit_cli.command("prune")
@click.option(
    "--older-than",
    "days",
    required=True,
    type=click.IntRange(30, 36_500),
    help="Delete events older than this many days (at least 30), e.g. 365.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def prune(days: int, yes: bool) -> None:
    """Delete audit events older than a number of days."""
    before = utcnow() - timedelta(days=days)
    if not yes:
        click.confirm(f"Delete every audit event from before {before:%Y-%m-%d %H:%M} UTC?", abort=True)
    count = services.prune(before)
    click.echo(f"deleted {count} audit events older than {days} days")
