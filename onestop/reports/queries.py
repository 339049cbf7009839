"""The report SQL: every figure is an aggregate computed by the database (formulas.py in SQL).

One statement reads the period's cases once. Each case gets its group keys (unit, department,
procedure, officer, months) and its cells (how it was received, its state at the end, withdrawn,
rating); PostgreSQL then counts the groupings in the same pass with GROUPING SETS, SQLite with one
grouped SELECT per grouping joined by UNION ALL (SQLite has no grouping sets; it serves tests
and small desks). Python only adds up the grouped rows (fields from procedures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent, Satisfaction
from onestop.catalogue.model import Channel
from onestop.organisation.models import Unit
from onestop.reports.formulas import Figures, Received, State
from onestop.reports.sqlfuncs import epoch, local_day, local_month

# The breakdowns (counted in the three GROUPINGS below). Field is added up from procedures.
DIMENSIONS = ("unit", "department", "procedure", "officer", "accepted_month", "closed_month")
# Memory for the report statement on PostgreSQL: enough that every grouping set is a hash table
# (the planner badly overestimates the groups of the packed cell and otherwise sorts three of
# them, which made the province-wide year 1.6x slower). A year of a million cases uses ~90 MB.
REPORT_WORK_MEM = "256MB"
REPORT_RANDOM_PAGE_COST = 1.1


def department_key() -> sa.ColumnElement[Any]:
    """The department that holds (or last held) the case; None while it is at the counter."""
    return Case.holder_department_id.expression


def officer_key() -> sa.ColumnElement[Any]:
    """The officer a case is credited to: whoever holds or last held it in a department,
    else the counter officer who accepted it (a case decided at the counter)."""
    return sa.func.coalesce(Case.handler_id, Case.received_by_id)


@dataclass(frozen=True)
class Scope:
    """Whose cases: those handled by a unit's subtree, optionally narrowed to one group."""

    unit_path: str
    filters: dict[str, Any] = field(default_factory=dict)  # dimension or "field" -> value


@dataclass(frozen=True)
class Window:
    """The period [start, end) as seen at `now`, with the office zone's UTC offset."""

    start: datetime
    end: datetime
    now: datetime
    offset: int  # seconds east of UTC

    @property
    def judged_at(self) -> datetime:
        return min(self.end, self.now)


def _literal(value: int) -> sa.ColumnElement[Any]:
    # An int written into the SQL (never user text): repeated in GROUP BY without bind mismatches.
    return sa.literal_column(str(int(value)))


# Cells travel as small integers: cheaper to hash in the grouping sets than text.
RECEIVED_CODES = {kind: i for i, kind in enumerate(Received)}
STATE_CODES = {state: i for i, state in enumerate(State)}
RATING_CODES: dict[str | None, int] = {
    None: 0,
    Satisfaction.VERY_SATISFIED.value: 1,
    Satisfaction.SATISFIED.value: 2,
    Satisfaction.NOT_SATISFIED.value: 3,
}


def _state(window: Window) -> sa.ColumnElement[int]:
    """The case's state at the period's end (formulas.judge), in SQL, as a STATE_CODES value.

    Judged at the finish (resolved) or at the end of the period (open). Up to that moment:
    a second supplement request makes it late; the first round, if still waiting, moves the
    judgement to the time of the request, against the due date the case had then. Otherwise
    the due date is the case's (moved past any waiting by processing), or the one an apology
    replaced.
    """
    off = _literal(window.offset)
    t_ts = window.judged_at
    t = _literal(int(t_ts.timestamp()))

    def day(seconds: sa.ColumnElement[Any]) -> sa.ColumnElement[int]:
        return local_day(seconds, off)

    def code(state: State) -> sa.ColumnElement[int]:
        return _literal(STATE_CODES[state])

    def compare(judged: sa.ColumnElement[Any], due: sa.ColumnElement[Any]) -> sa.ColumnElement[int]:
        # sign() once, not two comparisons: PostgreSQL does not share repeated arithmetic.
        return sa.func.sign(day(judged) - day(due))

    report_due = sa.func.coalesce(Case.due_before_apology_at, Case.due_at)
    due = epoch(report_due)
    request_due = epoch(sa.func.coalesce(Case.first_supplement_due_at, report_due))
    first, back, second = (
        Case.first_supplement_at,
        Case.first_supplement_back_at,
        Case.second_supplement_at,
    )

    def resolved_by(judged: sa.ColumnElement[Any], against: sa.ColumnElement[Any]) -> Any:
        return sa.case(
            {1: code(State.LATE), -1: code(State.EARLY)},
            value=compare(judged, against),
            else_=code(State.ON_TIME),
        )

    # Resolved: judged at the finish, against rounds before it.
    closed = Case.closed_at
    resolved_plain = resolved_by(epoch(closed), due)
    resolved_rounds = sa.case(
        (second < closed, code(State.LATE)),
        (
            sa.and_(first < closed, sa.or_(back.is_(None), back >= closed)),
            resolved_by(epoch(first), request_due),
        ),
        else_=resolved_plain,
    )
    # Open at the end: judged at the end of the period (or now).
    open_plain = sa.case((compare(t, due) == 1, code(State.OVERDUE)), else_=code(State.WITHIN))
    open_rounds = sa.case(
        (second < t_ts, code(State.OVERDUE)),
        (
            sa.and_(first < t_ts, sa.or_(back.is_(None), back >= t_ts)),
            sa.case(
                (compare(epoch(first), request_due) == 1, code(State.OVERDUE)),
                else_=code(State.WAITING),
            ),
        ),
        else_=open_plain,
    )
    return sa.case(
        (closed < window.end, sa.case((first.is_(None), resolved_plain), else_=resolved_rounds)),
        (first.is_(None), open_plain),
        else_=open_rounds,
    )


def _scope_filters(scope: Scope) -> list[sa.ColumnElement[bool]]:
    from onestop.catalogue.models import Procedure

    units = sa.select(Unit.id).where(Unit.path.startswith(scope.unit_path, autoescape=True))
    out: list[sa.ColumnElement[bool]] = [Case.handling_unit_id.in_(units)]
    columns = _dimension_columns(None)
    for name, value in scope.filters.items():
        if name == "field":
            fields = sa.select(Procedure.id).where(Procedure.field_code == value)
            out.append(Case.procedure_id.in_(fields))
            continue
        column = columns.get(name)
        if column is None:
            raise ValueError(f"unknown breakdown {name!r}")
        out.append(column.is_(None) if value is None else column == value)
    return out


def _dimension_columns(window: Window | None) -> dict[str, sa.ColumnElement[Any]]:
    columns: dict[str, sa.ColumnElement[Any]] = {
        "unit": Case.handling_unit_id.expression,
        "procedure": Case.procedure_id.expression,
        "department": department_key(),
        "officer": officer_key(),
    }
    if window is not None:
        off = _literal(window.offset)
        columns["accepted_month"] = local_month(Case.accepted_at, off)
        columns["closed_month"] = sa.case(
            (Case.closed_at < window.end, local_month(Case.closed_at, off))
        )
    return columns


def facts(scope: Scope, window: Window) -> sa.Subquery:
    """One row per case counted in the period: its keys and cells (as codes)."""
    received = sa.case(
        (Case.accepted_at < window.start, _literal(RECEIVED_CODES[Received.CARRIED_OVER])),
        (Case.channel == Channel.ONLINE, _literal(RECEIVED_CODES[Received.NEW_ONLINE])),
        else_=_literal(RECEIVED_CODES[Received.NEW_DIRECT]),
    )
    resolved = Case.closed_at < window.end
    withdrawn = sa.case((sa.and_(resolved, Case.status == CaseStatus.WITHDRAWN), 1), else_=0)
    seconds = sa.case(
        (resolved, epoch(Case.closed_at) - epoch(Case.accepted_at) - Case.paused_seconds),
        else_=0,
    )
    rating = sa.case(
        {level: _literal(code) for level, code in RATING_CODES.items() if level},
        value=Case.satisfaction,
        else_=_literal(0),
    )
    dims = _dimension_columns(window)
    return (
        sa.select(
            Case.id.label("case_id"),
            *(column.label(name) for name, column in dims.items()),
            received.label("received"),
            _state(window).label("state"),
            withdrawn.label("withdrawn"),
            rating.label("rating"),
            seconds.label("seconds"),
        )
        .where(
            Case.accepted_at < window.end,
            sa.or_(Case.closed_at.is_(None), Case.closed_at >= window.start),
            *_scope_filters(scope),
        )
        .subquery("facts")
    )


@dataclass
class Breakdowns:
    """The figures of the whole scope and of every group of every breakdown."""

    total: Figures
    by: dict[str, dict[Any, Figures]]


# The breakdowns are counted in three groupings, not one per breakdown: unit, department and
# officer nest (a department belongs to a unit, an officer mostly to one department), as do the
# months a case was accepted and closed, so their combinations stay few (~10,000 groups for a
# province-year) and Python adds each breakdown up from them. Three hash tables instead of seven
# made the province-wide year 2x faster.
GROUPINGS = (("unit", "department", "officer"), ("procedure",), ("accepted_month", "closed_month"))


def _groupings(dims: Sequence[str]) -> list[tuple[str, ...]]:
    """The groupings that carry the asked-for breakdowns (at least one, for the total)."""
    sets = [tuple(d for d in group if d in dims) for group in GROUPINGS]
    return [group for group in sets if group] or [()]


def breakdowns(
    session: Any, scope: Scope, window: Window, dimensions: Sequence[str] = DIMENSIONS
) -> Breakdowns:
    """Count every cell of every breakdown in one statement."""
    f = facts(scope, window)
    dims = [d for d in dimensions if d in f.c]
    groupings = _groupings(dims)
    # One integer per combination of cells: received, state, withdrawn, rating.
    cell = (f.c.received * 1000 + f.c.state * 100 + f.c.withdrawn * 10 + f.c.rating).label("cell")
    tags: dict[int, tuple[str, ...]]
    if session.get_bind().dialect.name == "postgresql":
        # Compiling this expression-heavy plan (JIT) costs more than running it; the grouping
        # sets fit in memory as hash tables instead of spilling sorts to disk; and the report
        # index is read in parallel, index-only, when random reads are priced as on an SSD or
        # a cached index (the default 4.0 prices spinning disks and picks a slower full scan).
        session.execute(sa.text("SET LOCAL jit = off"))
        session.execute(sa.text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
        session.execute(sa.text(f"SET LOCAL random_page_cost = {REPORT_RANDOM_PAGE_COST}"))
        inner = sa.select(*(f.c[d] for d in dims), cell, f.c.seconds).subquery("cells")
        c = inner.c
        sets = [sa.tuple_(*(c[d] for d in group), c.cell) for group in groupings]
        # grouping(d1, d2, ...) is a bit mask with a 0 for each dimension of the row's set.
        mask = sa.func.grouping(*(c[d] for d in dims)) if dims else sa.literal(0)
        tags = {
            sum(1 << (len(dims) - 1 - i) for i, d in enumerate(dims) if d not in group): group
            for group in groupings
        }
        counted: sa.Subquery = (
            sa.select(
                mask.label("tag"),
                *(c[d] for d in dims),
                c.cell,
                sa.func.count().label("n"),
                sa.func.sum(c.seconds).label("seconds"),
            )
            .group_by(sa.func.grouping_sets(*sets))
            .subquery("counted")
        )
    else:
        # SQLite has no grouping sets: one grouped SELECT per grouping, in one UNION ALL.
        tags = dict(enumerate(groupings))
        measures = [sa.func.count().label("n"), sa.func.sum(f.c.seconds).label("seconds")]
        counted = sa.union_all(
            *(
                sa.select(
                    sa.literal(n).label("tag"),
                    *(f.c[d] if d in group else sa.null().label(d) for d in dims),
                    cell,
                    *measures,
                )
                .select_from(f)
                .group_by(*(f.c[d] for d in group), cell)
                for n, group in tags.items()
            )
        ).subquery("counted")
    # The cells become columns in SQL: one row per group instead of one per group and cell.
    k = counted.c
    stmt = sa.select(k.tag, *(k[d] for d in dims), *_tallies(k)).group_by(
        k.tag, *(k[d] for d in dims)
    )
    rows = [(tags[int(row[0])], row) for row in session.connection().execute(stmt)]
    return _pivot(rows, dims, groupings[0])


_RECEIVED, _STATES = tuple(Received), tuple(State)
_RATED = tuple(level for level in RATING_CODES if level)


def _tallies(k: Any) -> list[sa.ColumnElement[Any]]:
    """Sums of the counted rows by received kind, state, withdrawn and rating; the seconds."""

    def tally(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((condition, k.n), else_=0))

    return [
        *(tally(k.cell // 1000 == RECEIVED_CODES[r]) for r in _RECEIVED),
        *(tally(k.cell // 100 % 10 == STATE_CODES[x]) for x in _STATES),
        tally(k.cell // 10 % 10 == 1),
        *(tally(k.cell % 10 == RATING_CODES[level]) for level in _RATED),
        sa.func.sum(k.seconds),
    ]


def _pivot(
    rows: Iterable[tuple[tuple[str, ...], Any]], dims: Sequence[str], first: tuple[str, ...]
) -> Breakdowns:
    """Turn the grouped rows into Figures: a row per group, some hundreds in all.

    Each row is (its grouping, (tag, *dims, *tallies)). Each grouping counts every case once,
    so the first one also gives the total.
    """
    total = Figures()
    by: dict[str, dict[Any, Figures]] = {d: {} for d in dims}
    position = {d: i + 1 for i, d in enumerate(dims)}
    start = len(dims) + 1
    for group, row in rows:
        counts = [int(v or 0) for v in row[start:]]
        received, counts = counts[: len(_RECEIVED)], counts[len(_RECEIVED) :]
        states, counts = counts[: len(_STATES)], counts[len(_STATES) :]
        withdrawn, ratings, seconds = counts[0], counts[1:-1], counts[-1]
        figures = Figures(
            received=dict(zip(_RECEIVED, received, strict=True)),
            states=dict(zip(_STATES, states, strict=True)),
            withdrawn=withdrawn,
            processing_seconds=seconds,
            ratings={str(level): n for level, n in zip(_RATED, ratings, strict=True) if n},
        )
        targets = [total] if group == first else []
        for d in group:
            groups, key = by[d], row[position[d]]
            target = groups.get(key)
            if target is None:
                target = groups[key] = Figures()
            targets.append(target)
        for target in targets:
            target.merge(figures)
    return Breakdowns(total=total, by=by)


# ---- the cases behind a number ------------------------------------------------------------

# A dashboard cell -> the (received, state, withdrawn) values of the cases it counts.
CELLS: dict[str, tuple[frozenset[str] | None, frozenset[str] | None, bool]] = {}


def _cell(name: str, received: Iterable[str] | None, states: Iterable[str] | None) -> None:
    CELLS[name] = (
        frozenset(received) if received is not None else None,
        frozenset(states) if states is not None else None,
        False,
    )


_cell("total", None, None)
_cell("carried", [Received.CARRIED_OVER], None)
_cell("online", [Received.NEW_ONLINE], None)
_cell("direct", [Received.NEW_DIRECT], None)
_cell("resolved", None, [State.EARLY, State.ON_TIME, State.LATE])
_cell("early", None, [State.EARLY])
_cell("on_time", None, [State.ON_TIME])
_cell("late", None, [State.LATE])
_cell("in_progress", None, [State.WITHIN, State.WAITING, State.OVERDUE])
_cell("within", None, [State.WITHIN, State.WAITING])
_cell("waiting", None, [State.WAITING])
_cell("overdue", None, [State.OVERDUE])
_cell("on_time_count", None, [State.EARLY, State.ON_TIME, State.WITHIN, State.WAITING])
_cell("not_on_time", None, [State.LATE, State.OVERDUE])
CELLS["withdrawn"] = (None, None, True)


def case_ids(scope: Scope, window: Window, cell: str) -> sa.Select[tuple[int]]:
    """Select the ids of the cases one cell counts (same facts, same rules as the figure)."""
    received, states, withdrawn = CELLS[cell]
    f = facts(scope, window)
    stmt = sa.select(f.c.case_id)
    if received is not None:
        stmt = stmt.where(f.c.received.in_(sorted(RECEIVED_CODES[Received(r)] for r in received)))
    if states is not None:
        stmt = stmt.where(f.c.state.in_(sorted(STATE_CODES[State(x)] for x in states)))
    if withdrawn:
        stmt = stmt.where(f.c.withdrawn == 1)
    return stmt


def apologised(session: Any, ids: Sequence[int]) -> set[int]:
    """Which of these cases have had an apology letter (form 04) issued."""
    if not ids:
        return set()
    return set(
        session.scalars(
            sa.select(CaseEvent.case_id)
            .where(CaseEvent.case_id.in_(ids), CaseEvent.action == "apology")
            .distinct()
        )
    )
