"""The due date the on-time formula judges against, for cases moved along by the processing screens.

The counter's "supplement received" moves the due date by the waiting (in working time), so the
reports must not add the waiting a second time; an apology's new date is what the citizen is
told, but the case stays late against the date it replaced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from onestop.accounts.models import User
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.db import db
from onestop.processing import lateness, supplements
from onestop.processing.common import steps_of
from onestop.reports import queries, services
from onestop.reports.formulas import Period, State, judge
from onestop.reports.queries import Scope
from tests.processing.conftest import at, new_case, received, transferred
from tests.reports.conftest import timeline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OFFSET = 7 * 3600
MARCH = Period.month(2026, 3)


def _state(case: Case, now: datetime) -> State:
    """The case's state in March by the report SQL, checked against the pure formula."""
    window = services.window_for(MARCH, VN, now)
    states = {
        cell: set(db.session.scalars(queries.case_ids(Scope("/"), window, cell)))
        for cell in ("early", "on_time", "late", "within", "waiting", "overdue")
    }
    found = [State(cell) for cell, ids in states.items() if case.id in ids]
    assert len(found) == 1, found
    _start, end = MARCH.bounds(VN)
    assert judge(timeline(case), end, now, OFFSET) is found[0]
    return found[0]


@pytest.fixture
def working(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> Any:
    """Accepted Mon 9 March 08:00, due Thu 12 March 08:00, received by chuyenvien."""
    with app.test_request_context():
        case = new_case(demo, catalogue)
        received(demo, transferred(demo, case))
        yield case


@pytest.mark.parametrize(
    ("finished", "state"),
    [
        (at(13, 16), State.ON_TIME),  # the moved due day (Fri 13)
        # Sat 14: within the due date plus the 24 calendar hours waited, which the reports used
        # to add on top of the date processing had already moved.
        (at(14, 9), State.LATE),
    ],
)
def test_a_supplement_round_counts_once(
    app: Flask, working: Case, demo: dict[str, User], finished: datetime, state: State
) -> None:
    case = working
    with app.test_request_context():
        supplements.request_supplement(
            steps_of(case)[0], ["Bản sao giấy khai sinh"], actor=demo["chuyenvien"],
            now=at(9, 10), version=case.version,
        )  # fmt: skip
        # Waiting Mon 10:00 -> Tue 10:00: 8 working hours, so due Thu 08:00 -> Fri 08:00.
        supplements.record_supplement(case, actor=demo["tiepnhan"], now=at(10, 10), version=None)
        assert case.due_at == at(13, 8)
        assert case.first_supplement_due_at == at(12, 8)
        move(case, CaseStatus.RESULT_READY, "approved", actor=demo["lanhdao"], at=finished)
        db.session.commit()
    assert _state(case, at(31, 12)) is state


def test_a_case_waiting_at_the_end_is_judged_against_the_date_it_had_then(
    app: Flask, working: Case, demo: dict[str, User]
) -> None:
    case = working
    with app.test_request_context():
        # Asked the day after the due date (Fri 13), still waiting when March is judged.
        supplements.request_supplement(
            steps_of(case)[0], ["Bản sao"], actor=demo["chuyenvien"], now=at(13, 9),
            version=case.version,
        )  # fmt: skip
        db.session.commit()
    assert _state(case, at(31, 12)) is State.OVERDUE


def test_an_apology_does_not_make_a_late_case_on_time(
    app: Flask, working: Case, demo: dict[str, User]
) -> None:
    case = working
    with app.test_request_context():
        lateness.issue_apology(
            case, at(16, 17), "Cần xác minh thêm", actor=demo["lanhdao"], now=at(10, 9),
            version=case.version,
        )  # fmt: skip
        db.session.commit()
        assert case.due_at == at(16, 17) and case.due_before_apology_at == at(12, 8)
        # Open on Fri 20 March: overdue, 8 days after Thu 12 (not 4 after the new date).
        overdue = {
            o.case.id: o.row for o in services.overdue_cases(case.handling_unit, VN, at(20, 9))
        }
        assert overdue[case.id].days_late == 8 and overdue[case.id].apology
        # Finished Fri 13, before the promised Mon 16: still late.
        move(case, CaseStatus.RESULT_READY, "approved", actor=demo["lanhdao"], at=at(13, 10))
        db.session.commit()
    assert _state(case, at(31, 12)) is State.LATE


def _overdue_days(case: Case, now: datetime) -> int | None:
    """Days late on the overdue list at `now`, or None when the case is not on it."""
    listed = {o.case.id: o.row for o in services.overdue_cases(case.handling_unit, VN, now)}
    row = listed.get(case.id)
    return None if row is None else row.days_late


def _overdue_now(case: Case, now: datetime) -> bool:
    """Whether the dashboard's rule (the report SQL) counts the case as overdue at `now`."""
    window = services.now_window(VN, now)
    return case.id in set(db.session.scalars(queries.case_ids(Scope("/"), window, "overdue")))


def test_a_second_supplement_request_makes_the_case_late_from_that_day(
    app: Flask, working: Case, demo: dict[str, User]
) -> None:
    """Due Thu 12, moved to Fri 13 by the first round; the second request is late by rule."""
    case = working
    with app.test_request_context():
        supplements.request_supplement(
            steps_of(case)[0], ["Bản sao giấy khai sinh"], actor=demo["chuyenvien"],
            now=at(9, 10), version=case.version,
        )  # fmt: skip
        supplements.record_supplement(case, actor=demo["tiepnhan"], now=at(10, 10), version=None)
        db.session.commit()
        # One round: on time, not listed.
        assert not _overdue_now(case, at(10, 15)) and _overdue_days(case, at(10, 15)) is None
        supplements.request_supplement(
            steps_of(case)[0], ["Giấy ủy quyền"], actor=demo["chuyenvien"], now=at(11, 9),
            version=case.version,
        )  # fmt: skip
        db.session.commit()
        # Waiting for the second round: judged at the request (Wed 11), its first late day.
        for now in (at(11, 15), at(12, 16), at(20, 9)):
            assert _overdue_now(case, now)
            assert _overdue_days(case, now) == 1
        # Back Fri 13 09:00 after two days with the citizen: due moves to Tue 17 08:00.
        supplements.record_supplement(case, actor=demo["tiepnhan"], now=at(13, 9), version=None)
        db.session.commit()
        assert case.due_at == at(17, 8)
        # Mon 16 10:00 less the two days waited is Sat 14: the 4th day from Wed 11.
        assert _overdue_now(case, at(16, 10)) and _overdue_days(case, at(16, 10)) == 4
        # Past the due date as well, the larger count wins: Fri 20 less the two days waited is
        # Wed 18, the 8th day from Wed 11; only 3 days after Tue 17.
        assert _overdue_days(case, at(20, 9)) == 8
