"""Step clocks: when a handoff starts, when each step is due, how it finished, the apology rule."""

from __future__ import annotations

from datetime import datetime, time

from onestop.calendar.deadlines import PausePolicy, TimeLimit, TimeUnit, recompute_due
from onestop.calendar.workcal import Pause, WorkCalendar, to_local
from onestop.catalogue.model import Channel
from onestop.processing.models import StepResult

# Paper dossiers received after this hour go to the department at the next working day's opening.
PAPER_CUTOFF = time(15, 0)
PAPER_CHANNELS = frozenset({Channel.DIRECT, Channel.POST})


def handoff_start(calendar: WorkCalendar, now: datetime, channel: Channel) -> datetime:
    """Return when a handoff made at `now` starts its step's clock (DOMAIN.md §2.4)."""
    local = to_local(now)
    if channel in PAPER_CHANNELS and local.time() >= PAPER_CUTOFF:
        following = calendar.add_working_days(local.date(), 1)
        return calendar.next_opening(datetime.combine(following, time(0), tzinfo=local.tzinfo))
    return calendar.next_opening(now)


def step_limit(amount: int, unit: str) -> TimeLimit:
    """Build the calendar's time limit for a step's allotment."""
    kind = TimeUnit(unit)
    return TimeLimit(0 if kind is TimeUnit.SAME_DAY else amount, kind)


def step_due(
    calendar: WorkCalendar,
    start: datetime,
    amount: int,
    unit: str,
    pauses: list[Pause] | None = None,
    policy: PausePolicy = PausePolicy.PAUSE,
) -> datetime:
    """Return when a step started at `start` is due under its allotment and the case's pauses."""
    return recompute_due(calendar, start, step_limit(amount, unit), pauses or [], policy).due_at


def step_result(finished_at: datetime, due_at: datetime) -> StepResult:
    """Judge a finished step against its due time; early means a day ahead or more (§7)."""
    if finished_at > due_at:
        return StepResult.LATE
    if to_local(finished_at).date() < to_local(due_at).date():
        return StepResult.EARLY
    return StepResult.ON_TIME


def apology_still_possible(calendar: WorkCalendar, now: datetime, due_at: datetime) -> bool:
    """Tell whether at least one working day is left before the due time (form 04 rule)."""
    return calendar.working_time_between(now, due_at) >= calendar.standard_day


def due_within_a_day(calendar: WorkCalendar, now: datetime, due_at: datetime) -> bool:
    """Tell whether a case is due within one working day (flagged in the queues)."""
    return calendar.working_time_between(now, due_at) < calendar.standard_day
