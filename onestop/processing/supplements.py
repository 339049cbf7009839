"""Supplements during processing: drafted by the handler, passed on and received by the counter."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.calendar.deadlines import PausePolicy, recompute_due
from onestop.calendar.retiming import FIXED_BY, PAUSE_STARTS, case_pauses
from onestop.calendar.service import calendar_for, calendar_limit
from onestop.cases.errors import CaseError
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent
from onestop.processing.common import begin, events_of, steps_of
from onestop.processing.handoffs import _require
from onestop.processing.models import CaseStep, StepState
from onestop.processing.timing import step_due


def supplement_rounds(events: list[CaseEvent]) -> int:
    """Count the supplement requests made during processing."""
    return sum(1 for e in events if e.action == PAUSE_STARTS)


def request_supplement(
    step: CaseStep,
    items: list[str],
    *,
    actor: User,
    now: datetime,
    version: int | None,
    note: str = "",
) -> CaseEvent:
    """Draft what is missing; the counter passes it to the citizen and the clock stops."""
    case = step.case
    begin(case, version)
    _require(actor, case, "request_supplement", step)
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise CaseError(_l("List at least one document to supplement."), field="items")
    number = supplement_rounds(events_of(case)) + 1
    return move(
        case,
        CaseStatus.SUPPLEMENT,
        PAUSE_STARTS,
        actor=actor,
        at=now,
        note=note,
        data={
            "items": items,
            "round": number,
            "step_id": step.id,
            # More than one request counts the case as late in the national scoring (§7).
            "counts_as_late": number > 1,
        },
    )


def policy_of(case: Case) -> PausePolicy:
    return PausePolicy(case.procedure_version.spec.supplement_policy.value)


def record_supplement(
    case: Case, *, actor: User, now: datetime, version: int | None, note: str = ""
) -> CaseEvent:
    """The counter received the supplement: the clock resumes (or restarts) and dates move."""
    begin(case, version)
    _require(actor, case, "record_supplement")
    requested = next(e for e in reversed(events_of(case)) if e.action == PAUSE_STARTS)
    event = move(
        case,
        CaseStatus.IN_PROGRESS,
        "supplement_received",
        actor=actor,
        at=now,
        note=note,
        data={
            "round": requested.data.get("round", 1),
            "requested_at": requested.at.isoformat(),
            "waited_seconds": int((now - requested.at).total_seconds()),
        },
    )
    _retime(case, now)
    return event


def _retime(case: Case, now: datetime) -> None:
    """Move the case's and the open steps' due times by the pauses, per the procedure's policy."""
    events = events_of(case)
    pauses = case_pauses(events)
    policy = policy_of(case)
    assert case.accepted_at is not None
    calendar = calendar_for(case.handling_unit.office_hours, now=case.accepted_at)
    # A date promised in writing (form 04) stays as promised.
    if not any(e.action == FIXED_BY for e in events):
        terms = case.procedure_version.spec.terms(case.channel)
        assert terms is not None
        due = recompute_due(
            calendar, case.accepted_at, calendar_limit(terms.time_limit), pauses, policy
        )
        case.due_at = due.due_at
        case.due_explanation = [step.as_json() for step in due.explanation]
    for step in steps_of(case):
        if step.state in (StepState.PENDING, StepState.ACTIVE) and step.started_at is not None:
            step.due_at = step_due(
                calendar,
                step.started_at,
                step.allotted_amount,
                step.allotted_unit,
                pauses,
                policy,
            )
