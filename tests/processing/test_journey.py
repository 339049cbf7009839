"""A case goes counter → department A → department B → head approval, with a supplement and a rework."""

from __future__ import annotations

from typing import Any

import pytest

from onestop.accounts.models import User
from onestop.cases.files import Upload
from onestop.cases.lifecycle import CaseStatus
from onestop.db import db
from onestop.documents.control_slip import render_control_slip
from onestop.documents.data import StepResult as Printed
from onestop.processing import approval, handoffs, supplements
from onestop.processing.common import events_of, steps_of
from onestop.processing.models import StepResult, StepState
from onestop.processing.printing import control_slip_data
from tests.cases.factories import PDF_BYTES
from tests.processing.conftest import at, new_case, received, transferred

pytestmark = pytest.mark.usefixtures("ctx")


def test_case_goes_through_two_departments_with_a_supplement_and_a_rework(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = new_case(staff, catalogue)
    assert case.due_at == at(12, 8)  # Mon 08:00 + 3 working days
    first = received(staff, transferred(staff, case))
    assert first.due_at == at(11, 9)  # 2 working days from Mon 09:00

    dept_b = staff["chuyenvien2"].department
    assert dept_b is not None
    second = handoffs.forward_step(
        first, dept_b, actor=staff["chuyenvien"], now=at(10, 10), version=case.version,
        assignee=staff["chuyenvien2"],
    )  # fmt: skip
    db.session.commit()
    assert first.result is StepResult.EARLY  # Tue, a day before its due Wed
    assert second.due_at == at(10, 16)  # 4 working hours from Tue 10:00 over lunch
    assert second.state is StepState.PENDING

    received(staff, second, "chuyenvien2", at(10, 10, 15))
    supplements.request_supplement(
        second, ["Bản sao CCCD"], actor=staff["chuyenvien2"], now=at(10, 11),
        version=case.version,
    )  # fmt: skip
    db.session.commit()
    assert case.status is CaseStatus.SUPPLEMENT
    supplements.record_supplement(
        case, actor=staff["tiepnhan"], now=at(11, 11), version=case.version
    )
    db.session.commit()
    # A working day of waiting moves both dates by a working day (pause policy).
    assert case.status is CaseStatus.IN_PROGRESS
    assert case.due_at == at(13, 8)
    assert second.due_at == at(11, 16)

    approval.submit_draft(
        second, Upload("Giấy xác nhận (dự thảo).pdf", PDF_BYTES), actor=staff["chuyenvien2"],
        now=at(11, 13, 30), version=case.version,
    )  # fmt: skip
    db.session.commit()
    approval.return_for_rework(
        second, "Sai ngày sinh", actor=staff["lanhdao2"], now=at(11, 14), version=case.version
    )
    db.session.commit()
    assert second.state is StepState.ACTIVE and second.rework
    approval.submit_draft(
        second, Upload("Giấy xác nhận.pdf", PDF_BYTES), actor=staff["chuyenvien2"],
        now=at(11, 15), version=case.version,
    )  # fmt: skip
    db.session.commit()
    approval.approve(second, actor=staff["lanhdao2"], now=at(11, 15, 30), version=case.version)
    db.session.commit()

    assert case.status is CaseStatus.RESULT_READY
    assert second.result is StepResult.ON_TIME
    assert [e.action for e in events_of(case)] == [
        "accepted",
        "transferred",
        "received",
        "forwarded",
        "received",
        "supplement_requested",
        "supplement_received",
        "draft_submitted",
        "returned_for_rework",
        "draft_submitted",
        "approved",
    ]
    assert all(s.state is StepState.DONE for s in steps_of(case))

    slip = control_slip_data(case, steps_of(case))
    assert [row.result for row in slip.steps] == [Printed.EARLY, Printed.ON_TIME, None]
    assert slip.steps[1].handed_by == staff["chuyenvien"].full_name
    assert slip.steps[1].received_by == staff["chuyenvien2"].full_name
    assert "Trả kết quả" in slip.steps[-1].note
    assert render_control_slip(slip).startswith(b"%PDF")


def test_a_step_finished_after_its_due_time_is_late(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = new_case(staff, catalogue)
    step = received(staff, transferred(staff, case))
    approval.submit_draft(
        step, Upload("kq.pdf", PDF_BYTES), actor=staff["chuyenvien"], now=at(11, 10),
        version=case.version,
    )  # fmt: skip
    approval.approve(step, actor=staff["lanhdao"], now=at(11, 10, 5), version=case.version)
    assert step.result is StepResult.LATE  # due Wed 09:00
