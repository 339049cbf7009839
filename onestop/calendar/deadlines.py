"""Due dates of cases: time limits, pauses and a structured explanation (DOMAIN.md §6)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from onestop.calendar.workcal import Pause, WorkCalendar, merge_pauses, to_local

DEFAULT_CUTOFF = time(15, 0)
_ONE_DAY = timedelta(days=1)


class TimeUnit(enum.StrEnum):
    """The unit a procedure's time limit is expressed in."""

    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


class PausePolicy(enum.StrEnum):
    """What a supplement request does to the clock (a per-procedure setting)."""

    PAUSE = "pause"  # practice and national scoring: waiting time is excluded
    RESTART = "restart"  # the law: the clock restarts from zero once the dossier is complete


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's processing time, e.g. TimeLimit(3, "working_days")."""

    amount: int
    unit: TimeUnit
    cutoff: time = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", TimeUnit(self.unit))
        if self.amount < 0:
            raise ValueError("a time limit cannot be negative")
        if self.unit is TimeUnit.SAME_DAY and self.amount != 0:
            raise ValueError("a same-day limit has amount 0")
        if self.unit is TimeUnit.CALENDAR_DAYS and self.amount < 1:
            raise ValueError("a calendar-day limit needs at least one day")


@dataclass(frozen=True)
class Step:
    """One step of a due-date explanation: a code the web layer translates, plus its values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Return the step with dates as ISO strings and durations in seconds, for storage."""
        return {"code": self.code, "params": {k: _jsonable(v) for k, v in self.params.items()}}


@dataclass(frozen=True)
class DueDate:
    """When a case is due, from when its clock ran, and how that was worked out."""

    due_at: datetime
    started_at: datetime
    explanation: list[Step]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, time)):  # datetime is a date too; time is the cutoff
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    return value


def due_date(calendar: WorkCalendar, accepted_at: datetime, limit: TimeLimit) -> DueDate:
    """Compute when a case accepted at `accepted_at` is due under `limit`."""
    return recompute_due(calendar, accepted_at, limit, (), PausePolicy.PAUSE)


def recompute_due(
    calendar: WorkCalendar,
    accepted_at: datetime,
    limit: TimeLimit,
    pauses: Iterable[Pause],
    policy: PausePolicy | str,
) -> DueDate:
    """Re-time a case from its history: acceptance, its pauses and the current calendar."""
    accepted = to_local(accepted_at)
    merged = merge_pauses(pauses)
    if PausePolicy(policy) is PausePolicy.RESTART:
        resumes = [(s, e) for s, e in merged if e > accepted]
        if resumes:
            paused_from, resumed_at = resumes[-1]
            result = recompute_due(calendar, resumed_at, limit, (), PausePolicy.PAUSE)
            restarted = Step("clock_restarted", {"at": resumed_at, "paused_from": paused_from})
            return DueDate(result.due_at, result.started_at, [restarted, *result.explanation])
        merged = []
    if limit.unit is TimeUnit.CALENDAR_DAYS:
        return _calendar_days_due(calendar, accepted, limit.amount, merged)
    return _working_time_due(calendar, accepted, limit, merged)


def _working_time_due(
    calendar: WorkCalendar, accepted: datetime, limit: TimeLimit, pauses: list[Pause]
) -> DueDate:
    steps: list[Step] = []
    start = calendar.next_opening(accepted)
    if start != accepted:
        steps.append(Step("start_moved_to_next_opening", {"from": accepted, "to": start}))

    if limit.unit is TimeUnit.WORKING_HOURS:
        work = timedelta(hours=limit.amount)
    elif limit.unit is TimeUnit.WORKING_DAYS:
        # 1 working day = one standard day of office hours (8 h by default), so
        # Mon 09:00 + 3 working days = Thu 09:00, not Wed 17:00.
        work = limit.amount * calendar.standard_day
        steps.append(Step("working_days_converted", {"days": limit.amount, "working_time": work}))
    else:
        due_day = start.date()
        if start.time() >= limit.cutoff:
            steps.append(Step("received_after_cutoff", {"at": start, "cutoff": limit.cutoff}))
            due_day = calendar.add_working_days(due_day, 1)
        work = calendar.working_time_between(start, calendar.closing_of(due_day))

    # Walk the pauses in order; each stops the clock for the working time it covers.
    clock_at, remaining = start, work
    for pause_start, pause_end in pauses:
        due_so_far = calendar.add_working_hours(clock_at, remaining)
        if pause_end <= clock_at:
            steps.append(_ignored(pause_start, pause_end, "before_start"))
            continue
        if pause_start >= due_so_far or not remaining:
            # Already due when paused: a pause cannot rescue a late case (§7).
            steps.append(_ignored(pause_start, pause_end, "after_due"))
            continue
        if pause_start > clock_at:
            remaining -= calendar.working_time_between(clock_at, pause_start)
        paused = calendar.working_time_between(max(pause_start, clock_at), pause_end)
        steps.append(
            Step("pause_added", {"start": pause_start, "end": pause_end, "working_time": paused})
        )
        clock_at = pause_end
    due = calendar.add_working_hours(clock_at, remaining)
    steps.extend(_skipped_days(calendar, accepted.date(), due.date()))
    return DueDate(due, start, steps)


def _calendar_days_due(
    calendar: WorkCalendar, accepted: datetime, amount: int, pauses: list[Pause]
) -> DueDate:
    # Civil Code art. 147: the period starts the day after the event, whatever
    # the hour or kind of day of the event itself.
    first = accepted.date() + _ONE_DAY
    last = accepted.date() + amount * _ONE_DAY
    steps = [
        Step(
            "calendar_period_starts_next_day",
            {"event": accepted.date(), "first_day": first, "last_day": last},
        )
    ]
    for pause_start, pause_end in pauses:
        due_so_far = calendar.closing_of(calendar.add_working_days(last, 0))
        if pause_end <= accepted:
            steps.append(_ignored(pause_start, pause_end, "before_start"))
            continue
        if pause_start >= due_so_far:
            steps.append(_ignored(pause_start, pause_end, "after_due"))
            continue
        # Only whole days of waiting move a calendar-day period.
        days = (pause_end - max(pause_start, accepted)) // _ONE_DAY
        last += days * _ONE_DAY
        steps.append(
            Step("pause_added", {"start": pause_start, "end": pause_end, "calendar_days": days})
        )
    # Civil Code art. 148: a period ending on a rest day ends on the next working day.
    due_day = calendar.add_working_days(last, 0)
    if due_day != last:
        steps.append(Step("last_day_rest_day_rolled_forward", {"from": last, "to": due_day}))
        steps.extend(_skipped_days(calendar, last, due_day))
    return DueDate(calendar.closing_of(due_day), accepted, steps)


def _ignored(start: datetime, end: datetime, why: str) -> Step:
    return Step("pause_ignored", {"start": start, "end": end, "reason": why})


def _skipped_days(calendar: WorkCalendar, first: date, last: date) -> list[Step]:
    """List the rest days in [first, last]: each named one, and plain weekends as a count."""
    # Cost is proportional to the holidays in range, never to the length of the period.
    steps = [
        Step("day_skipped", {"date": off.day, "reason": off.reason, "name": off.name})
        for off in calendar.days.named_days_off(first, last)
    ]
    weekend_days = calendar.days.plain_weekend_days(first, last)
    if weekend_days:
        steps.append(
            Step("weekend_days_skipped", {"count": weekend_days, "from": first, "to": last})
        )
    return steps
