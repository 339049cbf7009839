"""`flask seed-demo-signing`: demo signing certificates for the demo units (what `make run` does)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from onestop.db import db, utcnow
from onestop.signing.demo import DEMO_CA_NAME, NotADemoDatabase, seed_demo_signing


@click.command("seed-demo-signing")
@with_appcontext
def seed_demo_signing_command() -> None:
    """Trust a demo root and give each demo unit a demo signing certificate (demo data only)."""
    try:
        done = seed_demo_signing(utcnow())
    except NotADemoDatabase:
        raise click.ClickException(
            "this is not a demo database (the demo accounts are missing, or it holds data the "
            "demo seed did not write): demo signing certificates were not made (run `flask "
            "seed-demo` first on a demo database)."
        ) from None
    db.session.commit()
    if done.root_added:
        click.echo(f"Trusted root added: {DEMO_CA_NAME}.")
    for name in done.issued:
        click.echo(f"  demo signing certificate: {name}")
    for name in done.missing:
        click.echo(f"  no certificate (the demo root's key is not kept): {name}")
    if done.missing:
        click.echo(
            "To issue them, remove the demo root at /admin/trusted-roots and run this again."
        )
    if not done.root_added and not done.missing:
        click.echo("Demo signing is set up already: nothing changed.")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_signing_command)
