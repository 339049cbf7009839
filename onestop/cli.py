"""`flask …` commands for operators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

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


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_demo_cases_command)
    app.cli.add_command(load_procedures_command)
    app.cli.add_command(adopt_procedure_command)
