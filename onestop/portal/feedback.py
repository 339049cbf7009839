"""Feedback and complaints (PAKN) to a unit, with the legal response deadlines (DOMAIN §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from onestop.calendar.deadlines import TimeLimit, TimeUnit, due_date
from onestop.calendar.service import calendar_for
from onestop.cases.models import Case
from onestop.db import db
from onestop.organisation.models import Unit
from onestop.portal.models import Citizen, Feedback, FeedbackKind

# Working days from receipt: refuse to handle it, ask the sender for more, handle it.
REFUSE_WITHIN = 2
REQUEST_MORE_WITHIN = 5
HANDLE_WITHIN = 15


@dataclass(frozen=True)
class FeedbackData:
    unit: Unit
    kind: FeedbackKind
    name: str
    contact: str
    subject: str
    body: str
    case_code: str = ""


def submit_feedback(data: FeedbackData, *, citizen: Citizen | None, now: datetime) -> Feedback:
    """Record a feedback or complaint for the unit's supervisors, with its three deadlines."""
    calendar = calendar_for(data.unit.office_hours, now=now)

    def within(days: int) -> datetime:
        return due_date(calendar, now, TimeLimit(days, TimeUnit.WORKING_DAYS)).due_at

    case_id = None
    if data.case_code:
        code = "".join(data.case_code.split()).upper()
        case_id = db.session.scalar(sa.select(Case.id).where(Case.code == code))
    feedback = Feedback(
        unit_id=data.unit.id,
        citizen_id=citizen.id if citizen else None,
        case_id=case_id,
        kind=data.kind,
        name=data.name,
        contact=data.contact,
        subject=data.subject,
        body=data.body,
        received_at=now,
        refuse_by=within(REFUSE_WITHIN),
        request_more_by=within(REQUEST_MORE_WITHIN),
        handle_by=within(HANDLE_WITHIN),
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


def desk_units() -> list[Unit]:
    """Units with a one-stop desk, which feedback can be addressed to."""
    return list(
        db.session.scalars(sa.select(Unit).where(Unit.active.is_(True)).order_by(Unit.path))
    )
