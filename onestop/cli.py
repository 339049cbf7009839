"""`flask …` commands for operators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from onestop import PROJECT_ROOT
from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.db import db
from onestop.organisation.models import Unit


@click.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--full-name", prompt=True)
@click.option(
    "--unit-code", prompt=True, help="QCVN 102:2016 code of the unit the administrator manages."
)
@click.password_option()
def create_admin_command(username: str, full_name: str, unit_code: str, password: str) -> None:
    """Create an administrator for a unit and everything below it."""
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == unit_code.strip().upper()))
    if unit is None:
        raise click.BadParameter(f"no unit has code {unit_code!r}", param_hint="--unit-code")
    if db.session.scalar(
        sa.select(User.id).where(sa.func.lower(User.username) == username.lower())
    ):
        raise click.BadParameter(f"username {username!r} is taken", param_hint="--username")
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    create_user(
        username=username, full_name=full_name, password=password, role=Role.ADMIN, unit=unit
    )
    db.session.commit()
    click.echo(f"Administrator {username} created for {unit.name}.")


ALLOW_EXISTING_DATA = click.option(
    "--allow-existing-data",
    is_flag=True,
    help="Seed even though the database holds data the demo seed did not write "
    "(e.g. a training copy); the database is then treated as a demo database.",
)


def claim_demo_database(allow_existing_data: bool) -> None:
    """Mark the database as a demo one, or stop (writing nothing) when it holds real data."""
    from onestop.demo_guard import foreign_data, mark_demo_database

    found = foreign_data()
    if found and not allow_existing_data:
        raise click.ClickException(
            "refusing to write demo data: this database holds data the demo seed did not "
            "write:\n  - " + "\n  - ".join(found) + "\n"
            "The demo accounts have a published password and do not belong in a real "
            "installation. Nothing was written. If this database is meant for demonstration "
            "or training, run the command again with --allow-existing-data."
        )
    mark_demo_database(forced=bool(found))


@click.command("seed-demo")
@ALLOW_EXISTING_DATA
def seed_demo_command(allow_existing_data: bool) -> None:
    """Create the demo organisation and one user per role (safe to run again)."""
    from onestop.demo import DEMO_PASSWORD, USERS, seed_demo

    claim_demo_database(allow_existing_data)
    with click.progressbar(length=20, label="Seeding demo organisation") as bar:
        added = seed_demo(progress=lambda _: bar.update(1))
    db.session.commit()
    click.echo(f"Demo data ready ({added} rows added). Demo logins (password {DEMO_PASSWORD}):")
    for person in USERS:
        click.echo(f"  {person.username:<12} {person.role.value}")


@click.command("seed-demo-cases")
@click.option("--count", default=150, show_default=True, help="How many cases.")
@ALLOW_EXISTING_DATA
def seed_demo_cases_command(count: int, allow_existing_data: bool) -> None:
    """Create demo cases over the last four months (only into a database with no cases)."""
    from onestop.db import utcnow
    from onestop.demo_cases import seed_demo_cases

    claim_demo_database(allow_existing_data)
    added = seed_demo_cases(utcnow(), count)
    db.session.commit()
    click.echo(f"{added} demo cases added." if added else "Cases exist already: nothing added.")


@click.command("load-procedures")
@click.option(
    "--seed",
    "seed_path",
    default=str(PROJECT_ROOT / "seed_procedures.yaml"),
    show_default=True,
    help="YAML file listing the procedure files to load.",
)
def load_procedures_command(seed_path: str) -> None:
    """Load the procedure catalogue: all files or none, a new version only where content changed."""
    from onestop.catalogue.errors import SpecError
    from onestop.catalogue.loader import load_specs
    from onestop.catalogue.spec import load_seed

    try:
        specs = load_seed(seed_path)
    except SpecError as error:
        raise click.ClickException(f"nothing loaded: {error}") from error
    with click.progressbar(length=len(specs), label="Loading procedures") as bar:
        report = load_specs(specs, progress=lambda _: bar.update(1))
    db.session.commit()
    click.echo(
        f"{len(report.created)} new, {len(report.new_versions)} new versions, "
        f"{len(report.unchanged)} unchanged."
    )


@click.command("adopt-procedure")
@click.argument("unit_code")
@click.argument("procedure_code")
@click.option("--fee", "fees", multiple=True, metavar="CHANNEL=VND", help="e.g. --fee direct=50000")
@click.option(
    "--note", default="", help="Where the amounts come from, e.g. the council's resolution."
)
def adopt_procedure_command(
    unit_code: str, procedure_code: str, fees: tuple[str, ...], note: str
) -> None:
    """Let a unit offer a procedure, with the fees its province set per channel."""
    from onestop.catalogue.models import Procedure
    from onestop.catalogue.services import adopt_procedure

    unit = db.session.scalar(sa.select(Unit).where(Unit.code == unit_code.strip().upper()))
    if unit is None:
        raise click.BadParameter(f"no unit has code {unit_code!r}", param_hint="UNIT_CODE")
    procedure = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == procedure_code.strip())
    )
    if procedure is None:
        raise click.BadParameter(
            f"no procedure has code {procedure_code!r}", param_hint="PROCEDURE_CODE"
        )
    overrides: dict[str, int] = {}
    for item in fees:
        channel, _, amount = item.partition("=")
        if channel not in {"direct", "online", "post"} or not amount.isdigit():
            raise click.BadParameter(
                f"{item!r}: write CHANNEL=VND, channel direct/online/post", param_hint="--fee"
            )
        overrides[channel] = int(amount)
    adopt_procedure(unit, procedure, fee_overrides=overrides, fee_note=note)
    db.session.commit()
    click.echo(
        f"{unit.name} offers {procedure.code} with fees {overrides or 'from the catalogue'}."
    )


@click.group("uploads")
def uploads_group() -> None:
    """Look after the upload folder."""


@uploads_group.command("prune")
@click.option(
    "--older-than",
    "hours",
    type=click.IntRange(min=0),
    default=None,
    help="Grace period in hours: younger unnamed files may be uploads in flight "
    "(default UPLOAD_STRAY_GRACE_HOURS, 24; 0 lists every unnamed file, never with --delete).",
)
@click.option("--delete", is_flag=True, help="Delete them (without it, only list them).")
@with_appcontext
def uploads_prune_command(hours: int | None, delete: bool) -> None:
    """List (or --delete) uploaded files that no database row names, older than the grace period."""
    from datetime import timedelta

    from onestop.cases.files import upload_root
    from onestop.cases.stray_files import PruneRefused, default_grace, delete_strays, survey

    if delete and hours is not None and hours < 1:
        raise click.BadParameter(
            "at least 1 hour with --delete: a younger file may be an upload in flight",
            param_hint="--older-than",
        )
    root = upload_root()
    grace = default_grace() if hours is None else timedelta(hours=hours)
    found = survey(root, grace)
    for stray in found.strays:
        click.echo(
            f"{stray.path.relative_to(root)}  {stray.size:>12,} bytes  "
            f"changed {stray.changed_at:%Y-%m-%d %H:%M} UTC"
        )
    summary = (
        f"{len(found.strays)} stray files, {found.stray_bytes:,} bytes, in {root} "
        f"({found.referenced} named by the database, {found.young} unnamed but younger than "
        f"{grace.total_seconds() / 3600:g} h kept, {found.foreign} other entries left alone)"
    )
    if not delete:
        click.echo(f"{summary}: would be deleted. Dry run: nothing deleted; --delete removes them.")
        return
    try:
        deleted = delete_strays(found)
    except PruneRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{summary}: {deleted} deleted, and the {len(found.emptied_folders)} folders left empty."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_demo_cases_command)
    app.cli.add_command(load_procedures_command)
    app.cli.add_command(adopt_procedure_command)
    app.cli.add_command(uploads_group)
