"""Liên thông: a lead unit plus participating units, in parallel or one after another."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.cases.errors import CaseError
from onestop.cases.files import Upload
from onestop.cases.lifecycle import CaseStatus
from onestop.catalogue.model import Channel
from onestop.counter.access import may_see
from onestop.db import db
from onestop.demo import DEMO_PASSWORD
from onestop.organisation.models import Department, Unit
from onestop.processing import approval, handoffs
from onestop.processing.common import NotAllowed, steps_of
from onestop.processing.models import StepKind, StepState
from tests.conftest import login
from tests.processing.conftest import at, new_case, received, transferred


def _department(unit_code: str, name: str) -> Department:
    department = db.session.scalar(
        sa.select(Department).join(Unit).where(Unit.code == unit_code, Department.name == name)
    )
    assert department is not None
    return department


@pytest.fixture
def justice(staff: dict[str, User]) -> User:
    """An officer of Sở Tư pháp, a unit that takes part in some cases only."""
    department = _department("000.00.14.H56", "Phòng Hành chính tư pháp")
    user = create_user(
        username="sotuphap",
        full_name="Lý Văn Pháp",
        password=DEMO_PASSWORD,
        role=Role.OFFICER,
        unit=department.unit,
        department=department,
    )
    db.session.commit()
    return user


@pytest.fixture
def building(staff: dict[str, User]) -> Department:
    return _department("000.00.20.H56", "Phòng Quản lý hoạt động xây dựng")


def _parts(justice: User, building: Department) -> list[handoffs.PartData]:
    assert justice.department is not None
    return [
        handoffs.PartData(justice.department, "Xác minh hộ tịch", 2),
        handoffs.PartData(building, "Ý kiến chuyên môn", 3),
    ]


@pytest.mark.usefixtures("ctx")
def test_parallel_case_sends_every_part_at_once_and_approval_waits_for_them(
    staff: dict[str, User], catalogue: dict[str, Any], justice: User, building: Department
) -> None:
    case = new_case(staff, catalogue, channel=Channel.ONLINE)
    lead = transferred(staff, case, mode="parallel", parts=_parts(justice, building))
    parts = [s for s in steps_of(case) if s.kind is StepKind.PART]
    assert [p.state for p in parts] == [StepState.PENDING, StepState.PENDING]
    assert [p.due_at for p in parts] == [at(11, 9), at(12, 9)]  # each its own deadline
    assert lead.lead and not any(p.lead for p in parts)

    # The participating unit acts only on its part.
    handoffs.receive_step(parts[0], actor=justice, now=at(9, 10), version=None)
    with pytest.raises(NotAllowed):
        handoffs.receive_step(lead, actor=justice, now=at(9, 10), version=None)
    handoffs.complete_part(
        parts[0], actor=justice, now=at(10, 10), version=None, note="Đã xác minh"
    )

    received(staff, lead)
    approval.submit_draft(
        lead, Upload("kq.pdf", b"%PDF-1.4\n%%EOF\n"), actor=staff["chuyenvien"], now=at(10, 11),
        version=None,
    )  # fmt: skip
    with pytest.raises(CaseError):
        approval.approve(lead, actor=staff["lanhdao"], now=at(10, 12), version=None)

    department_head = create_user(
        username="truongphongxd", full_name="Đinh Văn Dựng", password=DEMO_PASSWORD,
        role=Role.HEAD, unit=building.unit, department=building,
    )  # fmt: skip
    handoffs.receive_step(parts[1], actor=department_head, now=at(10, 13), version=None)
    handoffs.complete_part(parts[1], actor=department_head, now=at(10, 14), version=None)
    approval.approve(lead, actor=staff["lanhdao"], now=at(10, 15), version=None)
    assert case.status is CaseStatus.RESULT_READY
    assert case.receiving_unit.code == "000.17.22.H56"  # the result goes back where it was filed


@pytest.mark.usefixtures("ctx")
def test_sequential_case_hands_the_dossier_on_in_the_counters_order(
    staff: dict[str, User], catalogue: dict[str, Any], justice: User, building: Department
) -> None:
    case = new_case(staff, catalogue)
    transferred(staff, case, mode="sequential", parts=_parts(justice, building))
    first, second = (s for s in steps_of(case) if s.kind is StepKind.PART)
    assert (first.state, second.state) == (StepState.PENDING, StepState.WAITING)
    assert second.due_at is None
    handoffs.receive_step(first, actor=justice, now=at(9, 10), version=None)
    following = handoffs.complete_part(first, actor=justice, now=at(10, 8), version=None)
    assert following is second and second.state is StepState.PENDING
    assert second.sent_at == at(10, 8) and second.due_at == at(13, 8)
    assert "Phòng Hành chính tư pháp" in second.from_label


def test_other_units_see_only_the_cases_they_take_part_in(
    app: Flask,
    staff: dict[str, User],
    catalogue: dict[str, Any],
    justice: User,
    building: Department,
) -> None:
    with app.test_request_context():
        taking_part = new_case(staff, catalogue)
        transferred(staff, taking_part, mode="parallel", parts=_parts(justice, building))
        elsewhere = new_case(staff, catalogue)
        transferred(staff, elsewhere)
        assert may_see(justice, taking_part) and not may_see(justice, elsewhere)
    client = app.test_client()
    login(client, "sotuphap")
    assert client.get(f"/cases/{taking_part.id}").status_code == 200
    assert client.get(f"/cases/{elsewhere.id}").status_code == 404
