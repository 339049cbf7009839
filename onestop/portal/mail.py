"""How the portal sends account email: one function, to be replaced by the notification outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
import sqlalchemy as sa

from onestop.db import db

if TYPE_CHECKING:
    from onestop.portal.models import Citizen


def send_account_email(citizen: Citizen, subject: str, body: str) -> None:
    """Queue an email to a citizen's account address (plain text; nothing in it is HTML).

    For now the message is written to the development outbox table `dev_mails`, inside the
    request's transaction, so it exists exactly when the account does; developers read it with
    `flask dev-mail` and tests read it directly. The notification branch replaces the body of
    this function with its outbox (sent by RQ after commit); callers do not change.
    """
    from onestop.portal.models import DevMail

    db.session.add(DevMail(to_address=citizen.email, subject=subject, body=body))
    db.session.flush()


@click.command("dev-mail")
@click.option("--last", default=5, show_default=True, help="How many messages to show.")
def dev_mail_command(last: int) -> None:
    """Print the newest messages of the development mail outbox."""
    from onestop.portal.models import DevMail

    mails = db.session.scalars(sa.select(DevMail).order_by(DevMail.id.desc()).limit(last)).all()
    for mail in reversed(mails):
        click.echo(f"--- {mail.created_at:%Y-%m-%d %H:%M} UTC to {mail.to_address}")
        click.echo(f"Subject: {mail.subject}\n\n{mail.body}\n")
