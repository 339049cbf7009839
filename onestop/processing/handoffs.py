"""Handoffs: the counter transfers, the department receives and assigns, the handler forwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import Role, User
from onestop.cases.errors import CaseError
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.catalogue.model import ProcessStep
from onestop.catalogue.model import Role as StepRole
from onestop.db import db
from onestop.organisation.models import Department
from onestop.processing.common import NOT_ALLOWED, NotAllowed, begin, log, steps_of, unit_calendar
from onestop.processing.models import CaseStep, StepKind, StepState
from onestop.processing.rules import may
from onestop.processing.timing import handoff_start, step_due, step_result


@dataclass(frozen=True)
class PartData:
    """One participating unit's part of an inter-agency case."""

    department: Department
    task: str
    working_days: int


def _require(user: User, case: Case, action: str, step: CaseStep | None = None) -> list[CaseStep]:
    steps = steps_of(case)
    if not may(user, case, steps, action, step):
        raise NotAllowed(NOT_ALLOWED)
    return steps


def department_steps(case: Case) -> list[tuple[int, ProcessStep]]:
    """The procedure's internal process steps the departments do (not the counter's)."""
    process = case.procedure_version.spec.process
    return [(i, s) for i, s in enumerate(process) if s.role is not StepRole.COUNTER]


def next_process_step(case: Case, position: int | None) -> tuple[int, ProcessStep] | None:
    """Return the department step after `position` in the procedure's process, if any."""
    for index, step in department_steps(case):
        if position is None or index > position:
            return index, step
    return None


def _new_step(
    case: Case,
    *,
    kind: StepKind,
    name: str,
    position: int | None,
    department: Department,
    amount: int,
    unit: str,
    actor: User,
    now: datetime,
    from_label: str,
    lead: bool = True,
    assignee: User | None = None,
    state: StepState = StepState.PENDING,
    note: str = "",
) -> CaseStep:
    calendar = unit_calendar(case, now)
    start = handoff_start(calendar, now, case.channel) if kind is not StepKind.PART else now
    started = calendar.next_opening(start)
    step = CaseStep(
        case_id=case.id,
        kind=kind,
        name=name[:300],
        position=position,
        lead=lead,
        unit_id=department.unit_id,
        department_id=department.id,
        assignee_id=assignee.id if assignee else None,
        state=state,
        allotted_amount=amount,
        allotted_unit=unit,
        from_label=from_label,
        sent_by_id=actor.id,
        sent_at=now if state is not StepState.WAITING else None,
        started_at=started if state is not StepState.WAITING else None,
        due_at=step_due(calendar, started, amount, unit)
        if state is not StepState.WAITING
        else None,
        note=note,
    )
    db.session.add(step)
    db.session.flush()
    if lead:
        _hold(case, step)
    return step


def _hold(case: Case, step: CaseStep) -> None:
    """Record on the case who holds it now (read by the reports' department/officer breakdowns).

    The department is the latest lead step's; the handler stays the last officer who held the
    case until the new step is assigned to someone.
    """
    case.holder_department_id = step.department_id
    if step.assignee_id is not None:
        case.handler_id = step.assignee_id


def _where(step: CaseStep) -> str:
    return f"{step.department.name} – {step.unit.name}"


def _finish(step: CaseStep, now: datetime, note: str = "") -> None:
    assert step.due_at is not None
    step.state = StepState.DONE
    step.finished_at = now
    step.result = step_result(now, step.due_at)
    if note:
        step.note = note


def transfer_case(
    case: Case,
    *,
    actor: User,
    lead_department: Department,
    now: datetime,
    version: int | None,
    mode: str = "single",
    parts: list[PartData] | None = None,
) -> CaseStep:
    """Send an accepted case from the counter to its lead department (and any other units)."""
    begin(case, version)
    _require(actor, case, "transfer")
    if mode not in ("single", "sequential", "parallel"):
        raise CaseError(_l("Choose how the case goes to the units."), field="mode")
    parts = parts or []
    if mode != "single" and not parts:
        raise CaseError(_l("Add at least one participating unit."), field="parts")
    first = next_process_step(case, None)
    name, position, amount, unit = str(_l("Processing")), None, 1, "working_days"
    if first is not None:
        position, spec_step = first
        name = spec_step.name
        amount, unit = spec_step.allotted.amount or 0, spec_step.allotted.unit.value
    desk = case.receiving_unit.desk_name or case.receiving_unit.name
    move(
        case,
        CaseStatus.IN_PROGRESS,
        "transferred",
        actor=actor,
        at=now,
        data={
            "department_id": lead_department.id,
            "unit_id": lead_department.unit_id,
            "mode": mode,
            "parts": [p.department.id for p in parts],
        },
    )
    lead = _new_step(
        case,
        kind=StepKind.PROCESS,
        name=name,
        position=position,
        department=lead_department,
        amount=amount,
        unit=unit,
        actor=actor,
        now=now,
        from_label=desk,
    )
    for order, part in enumerate(parts if mode != "single" else []):
        waiting = mode == "sequential" and order > 0
        _new_step(
            case,
            kind=StepKind.PART,
            name=part.task,
            position=order,
            department=part.department,
            amount=part.working_days,
            unit="working_days",
            actor=actor,
            now=now,
            from_label=desk,
            lead=False,
            state=StepState.WAITING if waiting else StepState.PENDING,
        )
    return lead


def receive_step(step: CaseStep, *, actor: User, now: datetime, version: int | None) -> CaseStep:
    """Take a handoff in: the step becomes active (and the receiver's, if nobody was named)."""
    case = step.case
    begin(case, version)
    _require(actor, case, "receive", step)
    step.state = StepState.ACTIVE
    step.received_at = now
    step.received_by_id = actor.id
    if step.assignee_id is None and actor.has_role(Role.OFFICER):
        step.assignee_id = actor.id
    if step.lead:
        _hold(case, step)
    log(case, "received", actor=actor, now=now, data={"step_id": step.id})
    return step


def assign_step(
    step: CaseStep, assignee: User, *, actor: User, now: datetime, version: int | None
) -> CaseStep:
    """The head names the handler of a step held by their department."""
    case = step.case
    begin(case, version)
    _require(actor, case, "assign", step)
    if assignee.department_id != step.department_id or not assignee.active:
        raise CaseError(_l("Choose an officer of this department."), field="assignee")
    step.assignee_id = assignee.id
    if step.lead:
        _hold(case, step)
    log(
        case,
        "assigned",
        actor=actor,
        now=now,
        data={"step_id": step.id, "assignee_id": assignee.id, "department_id": step.department_id},
    )
    return step


def forward_step(
    step: CaseStep,
    department: Department,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    assignee: User | None = None,
    note: str = "",
) -> CaseStep:
    """Finish this step and hand the case to the next step of the procedure's process."""
    case = step.case
    begin(case, version)
    _require(actor, case, "forward", step)
    following = next_process_step(case, step.position)
    if following is None:
        raise CaseError(_l("This is the last step of the process: submit the draft result."))
    position, spec_step = following
    _check_assignee(assignee, department)
    _finish(step, now, note)
    new = _new_step(
        case,
        kind=StepKind.PROCESS,
        name=spec_step.name,
        position=position,
        department=department,
        amount=spec_step.allotted.amount or 0,
        unit=spec_step.allotted.unit.value,
        actor=actor,
        now=now,
        from_label=_where(step),
        assignee=assignee,
    )
    log(
        case,
        "forwarded",
        actor=actor,
        now=now,
        note=note,
        data=_handoff_data(step, new, assignee),
    )
    return new


def transfer_ad_hoc(
    step: CaseStep,
    department: Department,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    reason: str,
    working_hours: int = 8,
    assignee: User | None = None,
) -> CaseStep:
    """Hand the case to another department outside the process, for a stated reason."""
    case = step.case
    begin(case, version)
    _require(actor, case, "transfer_ad_hoc", step)
    if not reason.strip():
        raise CaseError(_l("Give the reason for the transfer."), field="reason")
    if working_hours < 1:
        raise CaseError(_l("Allot at least one working hour."), field="working_hours")
    _check_assignee(assignee, department)
    _finish(step, now, reason)
    new = _new_step(
        case,
        kind=StepKind.TRANSFER,
        name=reason,
        position=step.position,
        department=department,
        amount=working_hours,
        unit="working_hours",
        actor=actor,
        now=now,
        from_label=_where(step),
        assignee=assignee,
        note=reason,
    )
    data = {**_handoff_data(step, new, assignee), "reason": reason, "ad_hoc": True}
    log(case, "transferred", actor=actor, now=now, note=reason, data=data)
    return new


def complete_part(
    step: CaseStep, *, actor: User, now: datetime, version: int | None, note: str = ""
) -> CaseStep | None:
    """A participating unit finishes its part; in a sequential case the next unit's turn starts."""
    case = step.case
    begin(case, version)
    steps = _require(actor, case, "complete_part", step)
    _finish(step, now, note)
    following = next(
        (s for s in steps if s.kind is StepKind.PART and s.state is StepState.WAITING), None
    )
    if following is not None:
        calendar = unit_calendar(case, now)
        following.state = StepState.PENDING
        following.sent_at = now
        following.sent_by_id = actor.id
        following.from_label = _where(step)
        following.started_at = calendar.next_opening(now)
        following.due_at = step_due(
            calendar, following.started_at, following.allotted_amount, following.allotted_unit
        )
    log(
        case,
        "part_completed",
        actor=actor,
        now=now,
        note=note,
        data={
            "step_id": step.id,
            "unit_id": step.unit_id,
            "department_id": step.department_id,
            "result": step.result.value if step.result else None,
            "next_step_id": following.id if following else None,
        },
    )
    return following


def _check_assignee(assignee: User | None, department: Department) -> None:
    if assignee is not None and assignee.department_id != department.id:
        raise CaseError(_l("Choose an officer of this department."), field="assignee")


def _handoff_data(old: CaseStep, new: CaseStep, assignee: User | None) -> dict[str, object]:
    return {
        "from_step_id": old.id,
        "step_id": new.id,
        "result": old.result.value if old.result else None,
        "department_id": new.department_id,
        "unit_id": new.unit_id,
        "assignee_id": assignee.id if assignee else None,
    }
