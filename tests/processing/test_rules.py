"""Every allowed and forbidden action per role, at each point of a case's life."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from onestop.accounts.models import User
from onestop.cases.files import Upload
from onestop.cases.models import Case
from onestop.db import db
from onestop.processing import approval, handoffs, supplements
from onestop.processing.common import NotAllowed, steps_of
from onestop.processing.models import CaseStep
from onestop.processing.rules import actions_for
from tests.cases.factories import PDF_BYTES
from tests.processing.conftest import at, new_case, received, transferred

pytestmark = pytest.mark.usefixtures("ctx")
PEOPLE = ["tiepnhan", "chuyenvien", "chuyenvien2", "lanhdao", "lanhdao2", "giamsat", "quantri"]


def _accepted(staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    return new_case(staff, catalogue)


def _pending(staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    case = new_case(staff, catalogue)
    transferred(staff, case)
    return case


def _active(staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    case = new_case(staff, catalogue)
    received(staff, transferred(staff, case))
    return case


def _submitted(staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    case = _active(staff, catalogue)
    step = steps_of(case)[0]
    approval.submit_draft(
        step, Upload("kq.pdf", PDF_BYTES), actor=staff["chuyenvien"], now=at(9, 10), version=None
    )
    db.session.commit()
    return case


def _supplement(staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    case = _active(staff, catalogue)
    supplements.request_supplement(
        steps_of(case)[0], ["Tờ khai"], actor=staff["chuyenvien"], now=at(9, 10), version=None
    )
    db.session.commit()
    return case


STAGES: dict[str, Callable[[dict[str, User], dict[str, Any]], Case]] = {
    "accepted": _accepted,
    "pending": _pending,
    "active": _active,
    "submitted": _submitted,
    "supplement": _supplement,
}
LEAD_HEAD = {"apology", "stop", "refuse"}
# Who may do what at each stage; everyone else may do nothing.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "accepted": {"tiepnhan": {"transfer", "withdraw"}},
    "pending": {
        "tiepnhan": {"withdraw"},
        "chuyenvien": {"receive"},  # an officer of the department takes an unassigned handoff
        "lanhdao": {"receive", "assign"} | LEAD_HEAD,
    },
    "active": {
        "tiepnhan": {"withdraw"},
        "chuyenvien": {"forward", "transfer_ad_hoc", "request_supplement", "submit_draft"},
        "lanhdao": {"assign", "forward", "transfer_ad_hoc", "request_supplement", "submit_draft"}
        | LEAD_HEAD,
    },
    "submitted": {
        "tiepnhan": {"withdraw"},
        "lanhdao": {"approve", "return_for_rework"} | LEAD_HEAD,
    },
    "supplement": {
        "tiepnhan": {"record_supplement", "withdraw"},
        "lanhdao": {"apology", "stop"},
    },
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("stage", STAGES)
def test_each_role_may_take_exactly_its_actions(
    staff: dict[str, User], catalogue: dict[str, Any], stage: str, person: str
) -> None:
    case = STAGES[stage](staff, catalogue)
    allowed = {name for name, _ in actions_for(staff[person], case, steps_of(case))}
    assert allowed == EXPECTED[stage].get(person, set())


SERVICE_CALLS: dict[str, Callable[[CaseStep, User], object]] = {
    "receive": lambda s, u: handoffs.receive_step(s, actor=u, now=at(9, 10), version=None),
    "forward": lambda s, u: handoffs.forward_step(
        s, s.department, actor=u, now=at(9, 10), version=None
    ),
    "submit_draft": lambda s, u: approval.submit_draft(
        s, Upload("kq.pdf", PDF_BYTES), actor=u, now=at(9, 10), version=None
    ),
    "approve": lambda s, u: approval.approve(s, actor=u, now=at(9, 10), version=None),
    "request_supplement": lambda s, u: supplements.request_supplement(
        s, ["x"], actor=u, now=at(9, 10), version=None
    ),
}


@pytest.mark.parametrize("action", SERVICE_CALLS)
@pytest.mark.parametrize("person", ["tiepnhan", "chuyenvien2", "lanhdao2", "giamsat"])
def test_services_refuse_people_outside_the_step(
    staff: dict[str, User], catalogue: dict[str, Any], action: str, person: str
) -> None:
    stage = {"receive": "pending", "approve": "submitted"}.get(action, "active")
    case = STAGES[stage](staff, catalogue)
    step = steps_of(case)[0]
    with pytest.raises(NotAllowed):
        SERVICE_CALLS[action](step, staff[person])


def test_an_officer_cannot_approve_their_own_draft(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _submitted(staff, catalogue)
    with pytest.raises(NotAllowed):
        approval.approve(steps_of(case)[0], actor=staff["chuyenvien"], now=at(9, 11), version=None)


def test_the_head_assigns_only_officers_of_the_department(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    from onestop.cases.errors import CaseError

    case = _pending(staff, catalogue)
    step = steps_of(case)[0]
    with pytest.raises(CaseError):
        handoffs.assign_step(
            step, staff["chuyenvien2"], actor=staff["lanhdao"], now=at(9, 10), version=None
        )
    handoffs.assign_step(
        step, staff["chuyenvien"], actor=staff["lanhdao"], now=at(9, 10), version=None
    )
    assert step.assignee_id == staff["chuyenvien"].id
    event = case_events(case)[-1]
    assert event.action == "assigned" and event.data["assignee_id"] == staff["chuyenvien"].id


def case_events(case: Case) -> list[Any]:
    from onestop.processing.common import events_of

    return events_of(case)
