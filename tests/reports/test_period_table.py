"""The period table on every edge: each cell, the on-time rate, and SQL == the pure formulas."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from onestop.cases.lifecycle import CaseStatus as S
from onestop.cases.models import Case, CaseRating, Satisfaction
from onestop.catalogue.model import Channel
from onestop.db import db
from onestop.reports import queries
from onestop.reports.formulas import Figures, Period, Received, State, figures_of
from onestop.reports.queries import Scope, Window
from tests.reports.conftest import VN, Builder, ready, started, supplement, timeline, vn

JANUARY = Period.month(2026, 1)
FEBRUARY = Period.month(2026, 2)
NOW = vn(3, 1)  # both periods are over
OFFSET = 7 * 3600


def window(period: Period, now: datetime = NOW) -> Window:
    start, end = period.bounds(VN)
    return Window(start, end, now, OFFSET)


@pytest.fixture
def edge_cases(build: Builder) -> dict[str, Case]:
    """One case per edge of January 2026 (all times Vietnam time)."""
    c: dict[str, Case] = {}
    # Still open, due exactly at the period's end (midnight 1 Feb): within the deadline.
    c["due_at_end"] = build(vn(1, 10), vn(2, 1, 0), started(vn(1, 10, 10)))
    # Finished exactly at its due moment: on time.
    c["finished_at_due"] = build(
        vn(1, 5),
        vn(1, 20, 17),
        started(vn(1, 5, 10)) + ready(vn(1, 20, 17)) + [("returned", S.RETURNED, vn(1, 21))],
        rating=Satisfaction.NOT_SATISFIED,
    )
    # Finished earlier on the due day: on time at day granularity, not early.
    c["same_day_as_due"] = build(
        vn(1, 12, 8), vn(1, 12, 17), started(vn(1, 12, 8, 30)) + ready(vn(1, 12, 10))
    )
    # Received and finished the same day, due two days later: early.
    c["early_same_day"] = build(
        vn(1, 13, 8), vn(1, 15, 17), started(vn(1, 13, 8, 30)) + ready(vn(1, 13, 11))
    )
    # A supplement asked before the due date, still waited for at the end: within (waiting).
    c["pause_straddles_end"] = build(
        vn(1, 20),
        vn(1, 27, 17),
        started(vn(1, 20, 10)) + supplement(vn(1, 26, 10), vn(2, 5, 10)) + ready(vn(2, 8)),
    )
    # A supplement asked only after the due date, waited for at the end: overdue.
    c["late_pause_straddles_end"] = build(
        vn(1, 19), vn(1, 27, 17), started(vn(1, 19, 10)) + supplement(vn(1, 29, 10), vn(2, 2, 10))
    )
    # Two supplements: late, however early it finished.
    c["two_supplements"] = build(
        vn(1, 3),
        vn(1, 25, 17),
        started(vn(1, 3, 10))
        + supplement(vn(1, 5), vn(1, 7))
        + supplement(vn(1, 8), vn(1, 9))
        + ready(vn(1, 10)),
    )
    # One supplement whose waiting moves the due date past the finish: on time, not late.
    c["pause_moves_due"] = build(
        vn(1, 6),
        vn(1, 9, 17),
        started(vn(1, 6, 10)) + supplement(vn(1, 7), vn(1, 10)) + ready(vn(1, 12, 11)),
    )
    # Withdrawn by the citizen two days in: resolved early, and counted as withdrawn.
    c["withdrawn"] = build(vn(1, 6), vn(1, 16, 17), [("withdrawn", S.WITHDRAWN, vn(1, 8))])
    # Refused while waiting for a supplement: judged at the request, before the due date.
    c["refused"] = build(
        vn(1, 7),
        vn(1, 9, 17),
        started(vn(1, 7, 10)) + supplement(vn(1, 8)) + [("refused", S.REFUSED, vn(1, 12))],
    )
    # Stopped after the due date: late.
    c["stopped"] = build(
        vn(1, 2), vn(1, 4, 17), [*started(vn(1, 2, 10)), ("stopped", S.STOPPED, vn(1, 6))]
    )
    # Carried over from December, finished late in January.
    c["carried_late"] = build(
        vn(12, 20, year=2025), vn(1, 5, 17), started(vn(12, 21, year=2025)) + ready(vn(1, 6))
    )
    # Carried over from December and still open: overdue.
    c["carried_open"] = build(vn(12, 28, year=2025), vn(1, 10, 17), started(vn(12, 29, year=2025)))
    # Finished in December: not in January at all.
    build(vn(12, 1, year=2025), vn(12, 10, 17, year=2025), ready(vn(12, 5, year=2025)))
    # Accepted in February: not in January.
    c["february"] = build(vn(2, 3), vn(2, 5, 17), started(vn(2, 3, 10)))
    # Online, result ready on the due day, returned the next day (the first finish counts).
    c["online"] = build(
        vn(1, 15),
        vn(1, 22, 17),
        started(vn(1, 15, 10)) + ready(vn(1, 22, 9)) + [("returned", S.RETURNED, vn(1, 23))],
        channel=Channel.ONLINE,
        rating=Satisfaction.SATISFIED,
    )
    # By post: counted with direct.
    c["post"] = build(vn(1, 28), vn(2, 10, 17), started(vn(1, 28, 10)), channel=Channel.POST)
    db.session.flush()
    return c


EXPECTED_JANUARY = {
    Received.CARRIED_OVER: 2,
    Received.NEW_ONLINE: 1,
    Received.NEW_DIRECT: 12,
}
EXPECTED_STATES = {
    State.EARLY: 3,  # early_same_day, withdrawn, refused
    State.ON_TIME: 4,  # finished_at_due, same_day_as_due, pause_moves_due, online
    State.LATE: 3,  # two_supplements, stopped, carried_late
    State.WITHIN: 2,  # due_at_end, post
    State.WAITING: 1,  # pause_straddles_end
    State.OVERDUE: 2,  # late_pause_straddles_end, carried_open
}


def test_every_cell_of_january(edge_cases: dict[str, Case]) -> None:
    figures = queries.breakdowns(db.session, Scope("/"), window(JANUARY)).total
    assert figures.received == EXPECTED_JANUARY
    assert figures.states == EXPECTED_STATES
    cells = {
        "total": 15,
        "carried_over": 2,
        "new_online": 1,
        "new_direct": 12,
        "resolved": 10,
        "early": 3,
        "on_time": 4,
        "late": 3,
        "in_progress": 5,
        "within": 3,
        "waiting": 1,
        "overdue": 2,
    }
    assert {name: getattr(figures, name) for name in cells} == cells
    assert figures.withdrawn == 1
    assert figures.on_time_count == 10
    assert figures.on_time_rate == pytest.approx(100 * 10 / 15)
    assert figures.online_share == pytest.approx(100 / 13)
    assert figures.ratings == {"not_satisfied": 1, "satisfied": 1}
    # Decision 766: 100 - (late 3 + overdue 2 + not satisfied 1) / 15
    assert figures.satisfaction_rate == pytest.approx(100 - 100 * 6 / 15)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("due_at_end", State.WITHIN),
        ("finished_at_due", State.ON_TIME),
        ("same_day_as_due", State.ON_TIME),
        ("early_same_day", State.EARLY),
        ("pause_straddles_end", State.WAITING),
        ("late_pause_straddles_end", State.OVERDUE),
        ("two_supplements", State.LATE),
        ("pause_moves_due", State.ON_TIME),
        ("withdrawn", State.EARLY),
        ("refused", State.EARLY),
        ("stopped", State.LATE),
        ("carried_late", State.LATE),
        ("carried_open", State.OVERDUE),
        ("online", State.ON_TIME),
        ("post", State.WITHIN),
    ],
)
def test_each_edge_lands_in_its_cell(edge_cases: dict[str, Case], name: str, state: State) -> None:
    case = edge_cases[name]
    cell = {State.WITHIN: "within", State.WAITING: "waiting"}.get(state, state.value)
    ids = set(db.session.scalars(queries.case_ids(Scope("/"), window(JANUARY), cell)))
    assert case.id in ids
    others = {s for s in State if s is not state}
    for other in others:
        other_cell = {State.WITHIN: "within", State.WAITING: "waiting"}.get(other, other.value)
        if other_cell == "within" and state is State.WAITING:
            continue  # "within the deadline" includes the cases waiting for a supplement
        assert case.id not in set(
            db.session.scalars(queries.case_ids(Scope("/"), window(JANUARY), other_cell))
        ), other


def test_february_sees_the_pause_that_straddled_january(edge_cases: dict[str, Case]) -> None:
    """In February the round came back (10 days waited): due moved to 6 Feb, finished 8 Feb."""
    figures = queries.breakdowns(db.session, Scope("/"), window(FEBRUARY)).total
    late = set(db.session.scalars(queries.case_ids(Scope("/"), window(FEBRUARY), "late")))
    assert edge_cases["pause_straddles_end"].id in late
    assert figures.carried_over == 5  # the five still open at the end of January
    assert figures.new_direct == 1


@pytest.mark.parametrize(
    ("period", "now"),
    [
        (JANUARY, NOW),
        (FEBRUARY, NOW),
        (Period.year(2026), NOW),
        (Period.month(2025, 12), NOW),
        (JANUARY, vn(1, 21)),  # a period not over yet: open cases judged now
        (JANUARY, vn(1, 28)),
    ],
)
def test_sql_agrees_with_the_pure_formulas(
    edge_cases: dict[str, Case], period: Period, now: datetime
) -> None:
    """The columns kept by the clock give what replaying each case's history gives."""
    w = window(period, now)
    cases = db.session.scalars(sa.select(Case)).all()
    ratings = dict(db.session.execute(sa.select(CaseRating.case_id, CaseRating.level)).all())
    expected = figures_of(
        [
            (timeline(c), c.status is S.WITHDRAWN, ratings[c.id].value if c.id in ratings else None)
            for c in cases
        ],
        w.start,
        w.end,
        w.now,
        OFFSET,
    )
    assert queries.breakdowns(db.session, Scope("/"), w).total == expected


def test_a_period_not_over_judges_open_cases_now(edge_cases: dict[str, Case]) -> None:
    """On 28 Jan the round asked on 26 Jan is still waited for; the due date (27 Jan) passed."""
    w = window(JANUARY, now=vn(1, 28))
    waiting = set(db.session.scalars(queries.case_ids(Scope("/"), w, "waiting")))
    overdue = set(db.session.scalars(queries.case_ids(Scope("/"), w, "overdue")))
    assert edge_cases["pause_straddles_end"].id in waiting
    assert edge_cases["due_at_end"].id not in overdue
    assert edge_cases["carried_open"].id in overdue


def test_breakdowns_add_up_to_the_total(edge_cases: dict[str, Case]) -> None:
    result = queries.breakdowns(db.session, Scope("/"), window(JANUARY))
    for dimension in ("unit", "procedure", "officer"):
        combined = Figures()
        for figures in result.by[dimension].values():
            combined.merge(figures)
        assert combined == result.total, dimension
    new_by_month = sum(f.new_online + f.new_direct for f in result.by["accepted_month"].values())
    assert new_by_month == result.total.new_online + result.total.new_direct
    assert sum(f.resolved for f in result.by["closed_month"].values() if f.resolved) == 10
    assert result.by["closed_month"][202601].resolved == 10


def test_now_is_utc_aware() -> None:
    assert NOW.tzinfo is not None and datetime(2026, 3, 2, tzinfo=UTC) > NOW
