"""``flask orgs``: companies from the command line (the HR API adds its ``token`` command to the group)."""

from __future__ import annotations

from typing import NoReturn

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.orgs import services


def fail(message: str) -> NoReturn:
    """Print ``error: message`` to stderr and exit with status 1."""
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


@click.group("orgs", cls=AppGroup)
def orgs_cli() -> None:
    """Manage companies (organisations) and their managers."""


@orgs_cli.command("create")
@click.argument("name")
def create(name: str) -> None:
    """Create a company called NAME."""
    if not name.strip() or len(name.strip()) > 120 or "\x00" in name:
        fail("the name must have 1 to 120 characters")
    try:
        org = services.create_org(name)
    except services.DuplicateName:
        fail(f"a company called {name.strip()!r} already exists")
    click.echo(f"created company {org.name!r} (slug {org.slug})")


@orgs_cli.command("add-manager")
@click.argument("name")
@click.argument("email")
def add_manager(name: str, email: str) -> None:
    """Make the person with EMAIL a manager of the company NAME."""
    org = services.org_by_name(name)
    if org is None:
        fail(f"no company called {name.strip()!r}")
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        fail(f"nobody is registered as {email.strip()!r}")
    try:
        services.add_manager(org, user)
    except services.InAnotherCompany as error:
        fail(f"{user.email} belongs to {error.org_name!r}; move them first")
    click.echo(f"{user.email} now manages {org.name!r}")
