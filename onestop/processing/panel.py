"""The processing part of the case page: steps against their allotments, and the allowed actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.forms import choices
from onestop.processing import forms
from onestop.processing.choices import (
    all_departments,
    department_staff,
    unit_departments,
    with_none,
)
from onestop.processing.common import events_of, steps_of, unit_calendar
from onestop.processing.models import CaseStep, StepState
from onestop.processing.rules import actions_for
from onestop.processing.timing import due_within_a_day
from onestop.signing.issue import checks_of

ACTION_TITLES = {
    "transfer": _l("Transfer to the lead department"),
    "record_supplement": _l("Record the supplement received"),
    "withdraw": _l("Withdraw at the citizen's request"),
    "apology": _l("Apologise and set a new due date"),
    "stop": _l("Stop processing"),
    "refuse": _l("Refuse after appraisal"),
    "receive": _l("Receive"),
    "assign": _l("Assign a handler"),
    "forward": _l("Forward to the next step"),
    "transfer_ad_hoc": _l("Transfer to another department"),
    "request_supplement": _l("Request a supplement"),
    "submit_draft": _l("Submit the draft result"),
    "approve": _l("Approve the result"),
    "return_for_rework": _l("Return for rework"),
    "complete_part": _l("Finish our part"),
}

FORMS: dict[str, type[forms.ActionForm]] = {
    "transfer": forms.TransferForm,
    "assign": forms.AssignForm,
    "forward": forms.ForwardForm,
    "transfer_ad_hoc": forms.AdHocForm,
    "request_supplement": forms.SupplementForm,
    "submit_draft": forms.DraftForm,
    "return_for_rework": forms.ReworkForm,
    "apology": forms.ApologyForm,
    "stop": forms.EndForm,
    "withdraw": forms.EndForm,
    "refuse": forms.EndForm,
}


def prefix(action: str, step: CaseStep | None) -> str:
    return f"{action}-{step.id if step else 'case'}"


def build_form(
    action: str, case: Case, step: CaseStep | None, *, formdata: Any = None
) -> forms.ActionForm:
    """Build an action's form with its choices; `formdata=None` draws a fresh one."""
    cls = FORMS.get(action, forms.ActionForm)
    kwargs: dict[str, Any] = {"prefix": prefix(action, step)}
    if formdata is None:
        kwargs["formdata"] = None
        kwargs["version"] = case.version
    form = cls(**kwargs)
    if isinstance(form, forms.TransferForm):
        form.lead_department.choices = choices(unit_departments(case.handling_unit))
        part_choices = choices([(0, "—"), *all_departments()])
        for row in form.parts:
            row.form.department.choices = part_choices
    if isinstance(form, forms.AssignForm) and step is not None:
        form.assignee.choices = choices(department_staff(step.department_id))
    if isinstance(form, forms.ForwardForm) and step is not None:
        form.department.choices = choices(unit_departments(case.handling_unit))
        if formdata is None:
            form.department.data = step.department_id
        chosen = form.department.data or step.department_id
        form.assignee.choices = choices(with_none(_staff_of_unit(case, chosen)))
    return form


def _staff_of_unit(case: Case, department_id: int) -> list[tuple[int, str]]:
    # Any officer of the handling unit may be named; the service checks the department.
    people: list[tuple[int, str]] = []
    for dep_id, dep_name in unit_departments(case.handling_unit):
        people += [(i, f"{name} ({dep_name})") for i, name in department_staff(dep_id)]
    return people


@dataclass(frozen=True)
class ActionView:
    name: str
    title: Any
    step: CaseStep | None
    form: forms.ActionForm


@dataclass(frozen=True)
class StepRow:
    step: CaseStep
    used: timedelta | None
    allotted: timedelta | None


@dataclass(frozen=True)
class Submitted:
    """An action form posted and refused, shown again with its messages next to its fields."""

    action: str
    step_id: int | None
    form: forms.ActionForm


def panel(
    case: Case, user: User, now: datetime, submitted: Submitted | None = None
) -> dict[str, Any]:
    """Everything the case page shows about processing, for this user."""
    steps = steps_of(case)
    events = events_of(case)
    apologised = any(e.action == "apology" for e in events)

    def form_for(name: str, step: CaseStep | None) -> forms.ActionForm:
        step_id = step.id if step else None
        if submitted and (submitted.action, submitted.step_id) == (name, step_id):
            return submitted.form
        return build_form(name, case, step)

    actions = [
        ActionView(name, ACTION_TITLES[name], step, form_for(name, step))
        for name, step in actions_for(user, case, steps)
        if not (name == "apology" and apologised)
    ]
    calendar = unit_calendar(case, now)
    rows = []
    for step in steps:
        used = allotted = None
        if step.started_at is not None:
            end = step.finished_at or now
            used = max(calendar.working_time_between(step.started_at, end), timedelta(0))
        if step.started_at is not None and step.due_at is not None:
            allotted = calendar.working_time_between(step.started_at, step.due_at)
        rows.append(StepRow(step, used, allotted))
    due_soon = (
        case.due_at is not None
        and any(s.state in (StepState.PENDING, StepState.ACTIVE) for s in steps)
        and due_within_a_day(calendar, now, case.due_at)
    )
    return {
        "steps": rows,
        "checks": checks_of([s.draft_file_id for s in steps if s.draft_file_id]),
        "actions": actions,
        "apology_event": next((e for e in events if e.action == "apology"), None),
        "supplement_rounds": sum(1 for e in events if e.action == "supplement_requested"),
        "due_soon": due_soon,
        "now": now,
    }
