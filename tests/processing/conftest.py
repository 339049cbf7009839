"""Processing fixtures: the demo staff, cases accepted at fixed times, steps moved along."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask

from onestop.accounts.models import User
from onestop.calendar.workcal import VN_TZ
from onestop.cases.intake import accept_case
from onestop.cases.models import Case
from onestop.catalogue.model import Channel
from onestop.db import db
from onestop.processing import handoffs
from onestop.processing.common import steps_of
from onestop.processing.models import CaseStep
from tests.cases.factories import complete_intake

MARRIAGE_STATUS = "1.004873"  # 3 working days, pause policy; officer 2 days, leader 4 hours
BUSINESS = "1.001612"  # 3 working days, restart policy


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in March 2026, Vietnam time (Mon 9 March is a plain working day)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """A request context for calling services directly (tests through the client need none)."""
    with app.test_request_context():
        yield


@pytest.fixture
def staff(demo: dict[str, User], catalogue: dict[str, Any]) -> dict[str, User]:
    return demo


def new_case(
    staff: dict[str, User],
    catalogue: dict[str, Any],
    code: str = MARRIAGE_STATUS,
    *,
    now: datetime | None = None,
    channel: Channel = Channel.DIRECT,
) -> Case:
    """A case accepted at the Hạc Thành desk (Mon 9 March 08:00 unless told)."""
    case = accept_case(
        complete_intake(catalogue[code], uploads=[], channel=channel),
        officer=staff["tiepnhan"],
        now=now or at(9, 8),
    )
    db.session.commit()
    return case


def transferred(
    staff: dict[str, User], case: Case, *, now: datetime | None = None, **kwargs: Any
) -> CaseStep:
    """Transfer `case` to chuyenvien's department (Phòng Văn hóa - Xã hội)."""
    step = handoffs.transfer_case(
        case,
        actor=staff["tiepnhan"],
        lead_department=staff["chuyenvien"].department,  # type: ignore[arg-type]
        now=now or at(9, 9),
        version=case.version,
        **kwargs,
    )
    db.session.commit()
    return step


def received(
    staff: dict[str, User], step: CaseStep, who: str = "chuyenvien", now: datetime | None = None
) -> CaseStep:
    handoffs.receive_step(
        step, actor=staff[who], now=now or at(9, 9, 30), version=step.case.version
    )
    db.session.commit()
    return step


def last_step(case: Case) -> CaseStep:
    return steps_of(case)[-1]
