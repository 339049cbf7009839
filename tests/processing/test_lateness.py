"""The once-only apology and its one-working-day rule; stopping, withdrawal, refusal."""

from __future__ import annotations

from typing import Any

import pytest

from onestop.accounts.models import User
from onestop.cases.errors import CaseError
from onestop.cases.files import Upload
from onestop.cases.lifecycle import CaseStatus
from onestop.db import db
from onestop.documents.apology import render_apology
from onestop.processing import lateness
from onestop.processing.common import events_of, steps_of
from onestop.processing.models import StepState
from onestop.processing.printing import apology_data
from tests.cases.factories import PDF_BYTES
from tests.processing.conftest import at, new_case, received, transferred

pytestmark = pytest.mark.usefixtures("ctx")


def _working(staff: dict[str, User], catalogue: dict[str, Any]) -> Any:
    case = new_case(staff, catalogue)  # due Thu 12 March 08:00
    received(staff, transferred(staff, case))
    return case


def test_apology_sets_the_new_date_and_prints_form_04(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _working(staff, catalogue)
    event = lateness.issue_apology(
        case, at(16, 17), "Cần xác minh thêm", actor=staff["lanhdao"], now=at(10, 9),
        version=case.version,
    )  # fmt: skip
    assert case.due_at == at(16, 17)
    assert event.data["old_due"].startswith("2026-03-12T01:00")
    assert case.due_explanation[-1]["code"] == "apology"
    pdf = render_apology(apology_data(case, event))
    assert pdf.startswith(b"%PDF")


def test_second_apology_is_refused(staff: dict[str, User], catalogue: dict[str, Any]) -> None:
    case = _working(staff, catalogue)
    lateness.issue_apology(
        case, at(16, 17), "Lý do", actor=staff["lanhdao"], now=at(10, 9), version=None
    )
    db.session.commit()
    with pytest.raises(CaseError) as refused:
        lateness.issue_apology(
            case, at(18, 17), "Lần nữa", actor=staff["lanhdao"], now=at(11, 9), version=None
        )
    assert "chỉ được hẹn lại một lần" in str(refused.value.message)


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (at(11, 8), True),  # exactly one working day before Thu 08:00
        (at(11, 8, 1), False),  # a minute later
        (at(11, 16), False),
        (at(9, 10), True),
    ],
)
def test_apology_only_until_one_working_day_before_the_due_time(
    staff: dict[str, User], catalogue: dict[str, Any], now: Any, allowed: bool
) -> None:
    case = _working(staff, catalogue)
    if allowed:
        lateness.issue_apology(
            case, at(16, 17), "Lý do", actor=staff["lanhdao"], now=now, version=None
        )
        return
    with pytest.raises(CaseError) as refused:
        lateness.issue_apology(
            case, at(16, 17), "Lý do", actor=staff["lanhdao"], now=now, version=None
        )
    assert "chậm nhất một ngày làm việc" in str(refused.value.message)


def test_the_new_date_must_be_later(staff: dict[str, User], catalogue: dict[str, Any]) -> None:
    case = _working(staff, catalogue)
    with pytest.raises(CaseError) as refused:
        lateness.issue_apology(
            case, at(11, 17), "Lý do", actor=staff["lanhdao"], now=at(9, 10), version=None
        )
    assert refused.value.field == "new_due"


@pytest.mark.parametrize(
    ("service", "who", "status", "action"),
    [
        (lateness.stop_case, "lanhdao", CaseStatus.STOPPED, "stopped"),
        (lateness.withdraw_case, "tiepnhan", CaseStatus.WITHDRAWN, "withdrawn"),
        (
            lateness.refuse_after_appraisal,
            "lanhdao",
            CaseStatus.RESULT_READY,
            "refused_after_appraisal",
        ),
    ],
)
def test_ending_a_case_records_its_event_reason_and_document(
    staff: dict[str, User],
    catalogue: dict[str, Any],
    service: Any,
    who: str,
    status: CaseStatus,
    action: str,
) -> None:
    case = _working(staff, catalogue)
    event = service(
        case, "Lý do ghi rõ", actor=staff[who], now=at(10, 9), version=case.version,
        document=Upload("van-ban.pdf", PDF_BYTES),
    )  # fmt: skip
    assert case.status is status and case.finished_at == at(10, 9)
    assert event.action == action and event.note == "Lý do ghi rõ" and event.data["file_id"]
    assert events_of(case)[-1].id == event.id
    assert all(not s.is_open for s in steps_of(case))


def test_a_reason_is_required_to_stop(staff: dict[str, User], catalogue: dict[str, Any]) -> None:
    case = _working(staff, catalogue)
    with pytest.raises(CaseError):
        lateness.stop_case(case, " ", actor=staff["lanhdao"], now=at(10, 9), version=None)
    assert steps_of(case)[0].state is StepState.ACTIVE
