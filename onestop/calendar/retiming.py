"""Re-time open cases after the working calendar changed (a day off announced, a make-up day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from onestop.accounts.models import User
from onestop.calendar.deadlines import PausePolicy, recompute_due
from onestop.calendar.service import calendar_for, calendar_limit
from onestop.cases.events import record_event
from onestop.cases.lifecycle import OPEN_STATUSES
from onestop.cases.models import Case, CaseEvent
from onestop.db import db

PAUSE_STARTS = "supplement_requested"
PAUSE_ENDS = "supplement_received"
# A date promised in writing (form 04) is not moved again by the calendar: it may be reset once only.
FIXED_BY = "apology"


@dataclass(frozen=True)
class Retiming:
    case: Case
    old_due: datetime
    new_due: datetime
    explanation: list[dict[str, object]]


def case_pauses(events: list[CaseEvent]) -> list[tuple[datetime, datetime]]:
    """Read the supplement waits out of a case's history; an open wait runs until now."""
    pauses, started = [], None
    for event in events:
        if event.action == PAUSE_STARTS:
            started = event.at
        elif event.action == PAUSE_ENDS and started is not None:
            pauses.append((started, event.at))
            started = None
    return pauses


def preview_retiming(*, now: datetime) -> list[Retiming]:
    """Recompute every open case's due date from its history; return those that would change."""
    cases = db.session.scalars(
        sa.select(Case)
        .where(
            Case.status.in_(OPEN_STATUSES), Case.accepted_at.is_not(None), Case.due_at.is_not(None)
        )
        .options(
            sa.orm.selectinload(Case.events),
            sa.orm.joinedload(Case.handling_unit),
            sa.orm.joinedload(Case.procedure_version),
        )
        .order_by(Case.due_at)
    ).all()
    changes = []
    for case in cases:
        if any(e.action == FIXED_BY for e in case.events):
            continue
        terms = case.procedure_version.spec.terms(case.channel)
        assert case.accepted_at is not None and case.due_at is not None and terms is not None
        calendar = calendar_for(case.handling_unit.office_hours, now=case.accepted_at)
        policy = PausePolicy(case.procedure_version.spec.supplement_policy.value)
        due = recompute_due(
            calendar,
            case.accepted_at,
            calendar_limit(terms.time_limit),
            case_pauses(case.events),
            policy,
        )
        if due.due_at != case.due_at:
            explanation = [step.as_json() for step in due.explanation]
            changes.append(Retiming(case, case.due_at, due.due_at, explanation))
    return changes


def apply_retiming(*, actor: User, now: datetime) -> list[Retiming]:
    """Move the due dates the preview showed, logging old and new on each case. Never commits."""
    changes = preview_retiming(now=now)
    for change in changes:
        case = change.case
        case.due_at = change.new_due
        case.due_explanation = [
            *change.explanation,
            {"code": "recomputed", "params": {"at": now.isoformat()}},
        ]
        record_event(
            case,
            "due_recomputed",
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            data={"old_due": _utc(change.old_due), "new_due": _utc(change.new_due)},
        )
    db.session.flush()
    return changes


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()
