"""Supplements during processing: pause vs restart, waiting time recorded, a second one flagged."""

from __future__ import annotations

from typing import Any

import pytest

from onestop.accounts.models import User
from onestop.cases.lifecycle import CaseStatus
from onestop.db import db
from onestop.processing import supplements
from onestop.processing.common import events_of, steps_of
from tests.processing.conftest import BUSINESS, MARRIAGE_STATUS, at, new_case, received, transferred

pytestmark = pytest.mark.usefixtures("ctx")


def _round(staff: dict[str, User], case: Any, asked: Any, got: Any) -> None:
    supplements.request_supplement(
        steps_of(case)[0], ["Bản sao giấy tờ"], actor=staff["chuyenvien"], now=asked,
        version=case.version,
    )  # fmt: skip
    db.session.commit()
    supplements.record_supplement(case, actor=staff["tiepnhan"], now=got, version=case.version)
    db.session.commit()


@pytest.mark.parametrize(
    ("code", "expected_due", "explanation"),
    [
        # Pause: Mon 08:00 + 3 days = Thu 08:00, plus the 8 working hours waited (Mon 10 → Tue 10).
        (MARRIAGE_STATUS, at(13, 8), "pause_added"),
        # Restart: 3 working days again from Tue 10:00, when the dossier was complete.
        (BUSINESS, at(13, 10), "clock_restarted"),
    ],
)
def test_the_procedures_policy_decides_the_new_due_date(
    staff: dict[str, User],
    catalogue: dict[str, Any],
    code: str,
    expected_due: Any,
    explanation: str,
) -> None:
    case = new_case(staff, catalogue, code)
    assert case.due_at == at(12, 8)
    received(staff, transferred(staff, case))
    _round(staff, case, at(9, 10), at(10, 10))
    assert case.status is CaseStatus.IN_PROGRESS
    assert case.due_at == expected_due
    assert explanation in [step["code"] for step in case.due_explanation]
    received_event = events_of(case)[-1]
    assert received_event.action == "supplement_received"
    assert received_event.data["waited_seconds"] == 24 * 3600
    step = steps_of(case)[0]  # its own clock moves the same way
    # Pause: Wed 09:00 + 8 h waited; restart: 12 working hours again from Tue 10:00.
    assert step.due_at == (at(12, 9) if code == MARRIAGE_STATUS else at(11, 16))


def test_a_second_request_is_allowed_but_flagged(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = new_case(staff, catalogue)
    received(staff, transferred(staff, case))
    _round(staff, case, at(9, 10), at(10, 10))
    _round(staff, case, at(10, 11), at(10, 14))
    requests = [e for e in events_of(case) if e.action == "supplement_requested"]
    assert [e.data["round"] for e in requests] == [1, 2]
    assert [e.data["counts_as_late"] for e in requests] == [False, True]
    # Both waits are excluded: 8 h, then 11:00-14:00 less the lunch break (1 h).
    assert case.due_at == at(13, 9)


def test_only_the_counter_records_the_supplement(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    from onestop.processing.common import NotAllowed

    case = new_case(staff, catalogue)
    received(staff, transferred(staff, case))
    supplements.request_supplement(
        steps_of(case)[0], ["x"], actor=staff["chuyenvien"], now=at(9, 10), version=None
    )
    with pytest.raises(NotAllowed):
        supplements.record_supplement(case, actor=staff["chuyenvien"], now=at(9, 11), version=None)
