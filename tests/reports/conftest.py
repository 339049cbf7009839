"""Report test helpers: cases built through the real services at chosen moments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.accounts.models import User
from onestop.cases.clock import SUPPLEMENT_RECEIVED, SUPPLEMENT_REQUESTED
from onestop.cases.lifecycle import CaseStatus as S
from onestop.cases.models import Case, Satisfaction
from onestop.catalogue.model import Channel
from onestop.db import db
from onestop.demo_cases import Step, build_case, intake_for
from onestop.organisation.models import Unit
from onestop.reports.formulas import Round, Timeline

VN = timezone(timedelta(hours=7))
BIRTH = "1.001193"


def vn(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    """An instant given in Vietnam time."""
    return datetime(year, month, day, hour, minute, tzinfo=VN).astimezone(UTC)


def supplement(asked: datetime, back: datetime | None = None) -> list[Step]:
    steps: list[Step] = [(SUPPLEMENT_REQUESTED, S.SUPPLEMENT, asked)]
    if back is not None:
        steps.append((SUPPLEMENT_RECEIVED, S.IN_PROGRESS, back))
    return steps


def started(at: datetime) -> list[Step]:
    return [("assigned", S.IN_PROGRESS, at)]


def ready(at: datetime) -> list[Step]:
    return [("approved", S.RESULT_READY, at)]


class Builder:
    def __init__(self, officer: User, procedure: Any, unit: Unit | None) -> None:
        self.officer, self.procedure, self.unit = officer, procedure, unit
        self.count = 0

    def __call__(
        self,
        accepted: datetime,
        due: datetime,
        steps: Sequence[Step] = (),
        *,
        channel: Channel = Channel.DIRECT,
        rating: Satisfaction | None = None,
        name: str = "Nguyễn Văn An",
        unit: Unit | None = None,
    ) -> Case:
        self.count += 1
        intake = intake_for(
            self.procedure,
            name=name,
            id_number=f"0382000{self.count:05d}",
            channel=channel,
            handling_unit=unit or self.unit,
        )
        return build_case(
            intake,
            officer=self.officer,
            accepted_at=accepted,
            due_at=due,
            steps=steps,
            rating=rating,
        )


@pytest.fixture
def build(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> Builder:
    """Build cases accepted by the Hạc Thành counter, handled there."""
    officer = demo["tiepnhan"]
    return Builder(officer, catalogue[BIRTH], officer.unit)


def unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == code))
    assert unit is not None
    return unit


def timeline(case: Case) -> Timeline:
    """The case as the pure formulas see it: its rounds rebuilt from its history, not the clock."""
    rounds: list[Round] = []
    for event in case.events:
        if event.action == SUPPLEMENT_REQUESTED:
            rounds.append(Round(event.at))
        elif event.action == SUPPLEMENT_RECEIVED and rounds and rounds[-1].received_at is None:
            rounds[-1] = Round(rounds[-1].requested_at, event.at)
    assert case.accepted_at is not None and case.due_at is not None
    return Timeline(
        accepted_at=case.accepted_at,
        due_at=case.due_before_apology_at or case.due_at,
        online=case.channel is Channel.ONLINE,
        closed_at=case.closed_at,
        rounds=tuple(rounds),
        # The due dates come from the case: the history has the times, not the dates they moved.
        first_request_due_at=case.first_supplement_due_at,
    )
