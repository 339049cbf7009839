"""What every processing service shares: errors, loading steps, touching the case, logging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.calendar.service import calendar_for
from onestop.calendar.workcal import WorkCalendar
from onestop.cases.errors import CaseError
from onestop.cases.events import expect_version, record_event
from onestop.cases.models import Case, CaseEvent
from onestop.db import db
from onestop.processing.models import CaseStep


class NotAllowed(CaseError):
    """The user may not take this action on this case (or not now)."""


def steps_of(case: Case) -> list[CaseStep]:
    """Return the case's steps in the order they were handed over."""
    return list(
        db.session.scalars(
            sa.select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id)
        )
    )


def events_of(case: Case) -> list[CaseEvent]:
    """Return the case's history fresh from the database (the relationship may be stale)."""
    return list(
        db.session.scalars(
            sa.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        )
    )


def unit_calendar(case: Case, now: datetime) -> WorkCalendar:
    """Return the working calendar of the case's handling unit."""
    return calendar_for(case.handling_unit.office_hours, now=now)


def begin(case: Case, version: int | None) -> None:
    """Refuse to act on a case someone changed since the user loaded it."""
    expect_version(case, version)


def touch(case: Case, now: datetime) -> None:
    """Write the case row, so its version moves and a concurrent writer fails here."""
    case.updated_at = now
    db.session.flush()


def log(
    case: Case,
    action: str,
    *,
    actor: User,
    now: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Record an action that does not move the status, after touching the case."""
    touch(case, now)
    return record_event(
        case,
        action,
        actor=actor,
        at=now,
        from_status=case.status,
        to_status=case.status,
        note=note,
        data=data,
    )


def refuse(message: Any) -> NotAllowed:
    return NotAllowed(message)


NOT_ALLOWED = _l("You may not take this action on this case.")
