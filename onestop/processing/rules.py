"""Who may take which action on a case, in one place: the case page and every service ask here."""

from __future__ import annotations

from collections.abc import Iterable

from onestop.accounts.models import Role, User
from onestop.accounts.permissions import unit_in_scope
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.processing.models import CaseStep, StepKind, StepState

# Case-level actions (no step) and step-level actions.
CASE_ACTIONS = ("transfer", "record_supplement", "withdraw", "apology", "stop", "refuse")
STEP_ACTIONS = (
    "receive",
    "assign",
    "forward",
    "transfer_ad_hoc",
    "request_supplement",
    "submit_draft",
    "approve",
    "return_for_rework",
    "complete_part",
)

Action = tuple[str, CaseStep | None]


def at_desk(user: User, case: Case) -> bool:
    """A counter officer of the desk tree where the case was filed."""
    return user.has_role(Role.COUNTER_OFFICER) and unit_in_scope(user, case.receiving_unit)


def heads(user: User, step: CaseStep) -> bool:
    """The head of the department holding the step."""
    return user.has_role(Role.HEAD) and user.department_id == step.department_id


def handles(user: User, step: CaseStep) -> bool:
    """The step's assignee, or the head of its department."""
    return step.assignee_id == user.id or heads(user, step)


def _in_department(user: User, step: CaseStep) -> bool:
    return user.department_id == step.department_id and user.has_role(Role.OFFICER, Role.HEAD)


def step_actions(user: User, case: Case, step: CaseStep) -> list[str]:
    """Return the actions `user` may take on one step of `case` now."""
    working = case.status is CaseStatus.IN_PROGRESS
    allowed: list[str] = []
    if not working:
        return allowed
    if step.state is StepState.PENDING:
        named = step.assignee_id == user.id or heads(user, step)
        if named or (step.assignee_id is None and _in_department(user, step)):
            allowed.append("receive")
    if step.state in (StepState.PENDING, StepState.ACTIVE) and heads(user, step):
        allowed.append("assign")
    if step.state is StepState.ACTIVE and handles(user, step):
        if step.kind is StepKind.PART:
            allowed.append("complete_part")
        else:
            allowed += ["forward", "transfer_ad_hoc", "request_supplement", "submit_draft"]
    if step.state is StepState.SUBMITTED and heads(user, step):
        allowed += ["approve", "return_for_rework"]
    return allowed


def case_actions(user: User, case: Case, steps: Iterable[CaseStep]) -> list[str]:
    """Return the case-level actions `user` may take on `case` now."""
    steps = list(steps)
    allowed: list[str] = []
    status = case.status
    if at_desk(user, case):
        if status is CaseStatus.ACCEPTED and not steps:
            allowed.append("transfer")
        if status is CaseStatus.SUPPLEMENT:
            allowed.append("record_supplement")
        if status in (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.SUPPLEMENT):
            allowed.append("withdraw")
    leads = any(s.lead and s.is_open and heads(user, s) for s in steps)
    if leads and status in (CaseStatus.IN_PROGRESS, CaseStatus.SUPPLEMENT):
        allowed.append("apology")
        allowed.append("stop")
    if leads and status is CaseStatus.IN_PROGRESS:
        allowed.append("refuse")
    return allowed


def actions_for(user: User, case: Case, steps: Iterable[CaseStep]) -> list[Action]:
    """Every (action, step) pair the user may take; the case page shows these and no others."""
    steps = list(steps)
    pairs: list[Action] = [(name, None) for name in case_actions(user, case, steps)]
    for step in steps:
        pairs += [(name, step) for name in step_actions(user, case, step)]
    return pairs


def may(
    user: User, case: Case, steps: Iterable[CaseStep], action: str, step: CaseStep | None
) -> bool:
    """Tell whether `user` may take `action` (on `step`, for step actions)."""
    if step is None:
        return action in case_actions(user, case, steps)
    return action in step_actions(user, case, step)
