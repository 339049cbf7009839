"""Counter writes beyond the case services: accepting a dossier once per intake form."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa

from onestop.accounts.models import User
from onestop.cases.intake import IntakeData, accept_case
from onestop.cases.models import Case
from onestop.counter.models import IntakeToken
from onestop.db import db


class AlreadyAccepted(Exception):
    """The form with this token was already accepted; `case_id` is the case it opened."""

    def __init__(self, case_id: int | None) -> None:
        super().__init__(f"intake form already used for case {case_id}")
        self.case_id = case_id


def new_intake_token() -> str:
    """A random token for one intake form."""
    return secrets.token_urlsafe(24)


def accept_once(token: str, data: IntakeData, *, officer: User, now: datetime) -> Case:
    """Accept the dossier unless this form's token was already used; raise AlreadyAccepted then.

    The token row is claimed first: a second request with the same token waits on its primary key
    until the first commits (PostgreSQL) or queues behind it (SQLite), then finds it taken.
    """
    used = db.session.get(IntakeToken, token)
    if used is not None:
        raise AlreadyAccepted(used.case_id)
    claim = IntakeToken(token=token, user_id=officer.id)
    try:
        with db.session.begin_nested():
            db.session.add(claim)
    except sa.exc.IntegrityError:
        used = db.session.get(IntakeToken, token, populate_existing=True)
        raise AlreadyAccepted(used.case_id if used else None) from None
    case = accept_case(data, officer=officer, now=now)
    claim.case_id = case.id
    db.session.flush()
    return case
