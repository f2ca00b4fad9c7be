"""``flask orgs token``: an HR API token from the command line, in the companies' command group."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.hrapi.tokens import create_token
from app.orgs import services
from app.orgs.cli import fail


@click.command("token")
@with_appcontext
@click.argument("name")
@click.option("--label", default="Command line", show_default=True, help="What the token is for.")
def token(name: str, label: str) -> None:
    """Create an HR API token for the company NAME and print it (once: only its hash is stored)."""
    org = services.org_by_name(name)
    if org is None:
        fail(f"no company called {name.strip()!r}")
    if "\x00" in label or len(label) > 80:
        fail("the label must have at most 80 characters")
    api_token, secret = create_token(org, label)
    db.session.commit()
    click.echo(
        f"API token {api_token.prefix}… for {org.name!r} (label {api_token.label!r}); keep it secret:",
        err=True,
    )
    click.echo(secret)
