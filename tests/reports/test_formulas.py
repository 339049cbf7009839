"""The pure formulas: periods, the judgement of one case, the rates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.reports.formulas import (
    ON_TIME_STATES,
    Figures,
    Period,
    Received,
    Round,
    State,
    Timeline,
    days_late,
    figures_of,
    judge,
    percent,
)
from tests.reports.conftest import VN, vn

OFFSET = 7 * 3600
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def test_periods_cover_whole_local_days() -> None:
    assert Period.quarter(2026, 4).first == date(2026, 10, 1)
    assert Period.quarter(2026, 4).last == date(2026, 12, 31)
    start, end = Period.month(2026, 2).bounds(VN)
    assert start == vn(2, 1, 0) and end == vn(3, 1, 0)
    assert Period.year(2026).months()[0] == "2026-01" and len(Period.year(2026).months()) == 12
    with pytest.raises(ValueError, match="end before"):
        Period.custom(date(2026, 2, 1), date(2026, 1, 1))


def test_rates_of_nothing_are_dashes_not_zero() -> None:
    assert percent(0, 0) is None
    assert Figures().on_time_rate is None and Figures().satisfaction_rate is None


@pytest.mark.parametrize(
    ("finished", "state"),
    [
        (vn(1, 9, 16), State.EARLY),  # the day before the due day
        (vn(1, 10, 8), State.ON_TIME),  # the due day, before the hour
        (vn(1, 10, 17), State.ON_TIME),  # exactly due
        (vn(1, 10, 23, 59), State.ON_TIME),  # the due day still (day granularity)
        (vn(1, 11, 0, 0), State.LATE),  # the next day
    ],
)
def test_finished_cases_are_compared_by_local_day(finished: datetime, state: State) -> None:
    case = Timeline(vn(1, 5), vn(1, 10, 17), closed_at=finished)
    assert judge(case, vn(2, 1, 0), vn(3, 1), OFFSET) is state


def test_a_second_supplement_makes_a_case_late_whatever_the_pauses() -> None:
    rounds = (Round(vn(1, 6), vn(1, 7)), Round(vn(1, 7, 10), vn(1, 7, 11)))
    case = Timeline(vn(1, 5), vn(1, 30, 17), closed_at=vn(1, 8), rounds=rounds)
    assert judge(case, vn(2, 1, 0), vn(3, 1), OFFSET) is State.LATE


moments = st.integers(min_value=0, max_value=90 * 86400).map(lambda s: BASE + timedelta(seconds=s))


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    accepted = draw(moments)
    due = accepted + timedelta(seconds=draw(st.integers(3600, 30 * 86400)))
    rounds: list[Round] = []
    at = accepted
    for _ in range(draw(st.integers(0, 3))):
        asked = at + timedelta(seconds=draw(st.integers(60, 10 * 86400)))
        back = draw(st.one_of(st.none(), st.integers(60, 10 * 86400)))
        rounds.append(Round(asked, None if back is None else asked + timedelta(seconds=back)))
        if back is None:
            break
        at = asked + timedelta(seconds=back)
    closed = draw(st.one_of(st.none(), st.integers(60, 60 * 86400)))
    return Timeline(
        accepted,
        due,
        online=draw(st.booleans()),
        closed_at=None if closed is None else at + timedelta(seconds=closed),
        rounds=tuple(rounds),
    )


@given(st.lists(timelines(), max_size=30), st.integers(0, 80))
def test_the_period_table_always_adds_up(cases: list[Timeline], start_day: int) -> None:
    start = BASE + timedelta(days=start_day)
    end = start + timedelta(days=30)
    figures = figures_of([(c, False, None) for c in cases], start, end, end, OFFSET)
    assert figures.total == figures.resolved + figures.in_progress
    assert figures.total == figures.carried_over + figures.new_online + figures.new_direct
    assert figures.on_time_count + figures.late + figures.overdue == figures.total
    if figures.total:
        assert figures.on_time_rate is not None and 0 <= figures.on_time_rate <= 100


@given(timelines())
def test_more_than_one_request_before_the_judgement_is_never_on_time(case: Timeline) -> None:
    end = case.accepted_at + timedelta(days=200)
    state = judge(case, end, end, OFFSET)
    moment = case.closed_at or end
    if sum(1 for r in case.rounds if r.requested_at < moment) > 1:
        assert state not in ON_TIME_STATES
    assert Received.CARRIED_OVER.value == "carried"


@pytest.mark.parametrize(
    ("judged", "second", "waited_days", "expected"),
    [
        (vn(3, 20), None, 0, 8),  # 8 days after the due day
        (vn(3, 12, 23), None, 0, 0),  # on the due day: not late
        (vn(3, 10, 9), vn(3, 10, 8), 0, 1),  # the second request's day is the first late one
        (vn(3, 15), vn(3, 10, 8), 2, 4),  # Sun 15 less 2 days waited: Fri 13, 4th from Tue 10
        (vn(3, 20), vn(3, 10, 8), 0, 11),  # the larger of the two counts (8 by the date)
        (vn(3, 20), vn(3, 19), 0, 8),
    ],
)
def test_days_late_by_date_or_from_the_second_request(
    judged: datetime, second: datetime | None, waited_days: int, expected: int
) -> None:
    due = vn(3, 12, 8)
    waited = waited_days * 86_400
    assert (
        days_late(judged, due, 7 * 3600, second_request_at=second, waited_since_second=waited)
        == expected
    )
