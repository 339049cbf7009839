"""The supervisors' formulas (DOMAIN.md §7), pure: periods, the judgement of one case, the rates.

This is the reference the SQL in `queries.py` must agree with (tests/reports compare them):

- A period is [start, end) in office-local days. The cases "received or processed" in it are those
  accepted before its end and not finished before its start. Carried over = accepted before the
  start; new = accepted inside it, online (channel 2) or direct / by post (channels 1 and 3).
- Finish time = the case's `closed_at` (the first of result ready > returned > stopped / refused /
  withdrawn, kept by onestop/cases/clock.py). A case finished before the end is resolved; any
  other is in progress at the end.
- Each case is judged at one moment: its finish time; for a case still open, the end of the period
  (or now, for a period not over yet); for a case waiting for a supplement at that moment, the time
  of the request. Waiting time of the finished supplement rounds before that moment moves the due
  date later (wall-clock time). More than one supplement request ⇒ late.
- Compared by office-local day, as the legal reports do: judged on a day after the (moved) due
  day ⇒ late / overdue; before it ⇒ early; on it ⇒ on time.
- On-time rate = (early + on time + in progress within the deadline) / received, in %.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

DAY = 86_400


class Received(enum.StrEnum):
    CARRIED_OVER = "carried"
    NEW_ONLINE = "online"
    NEW_DIRECT = "direct"  # at the counter or by post


class State(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    WITHIN = "within"  # in progress, not yet overdue
    WAITING = "waiting"  # in progress, waiting for a supplement, not overdue when it was asked for
    OVERDUE = "overdue"


RESOLVED_STATES = frozenset({State.EARLY, State.ON_TIME, State.LATE})
OPEN_STATES = frozenset({State.WITHIN, State.WAITING, State.OVERDUE})
ON_TIME_STATES = frozenset({State.EARLY, State.ON_TIME, State.WITHIN, State.WAITING})


# ---- periods ------------------------------------------------------------------------------


class PeriodKind(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """Office-local days from `first` to `last`, both included."""

    kind: PeriodKind
    first: date
    last: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        days = calendar.monthrange(year, month)[1]
        return cls(PeriodKind.MONTH, date(year, month, 1), date(year, month, days))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        return cls(
            PeriodKind.QUARTER,
            first,
            date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def custom(cls, first: date, last: date) -> Period:
        if last < first:
            raise ValueError("a period cannot end before it starts")
        return cls(PeriodKind.CUSTOM, first, last)

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """Return [start, end) as aware instants: local midnight of the first and after the last day."""
        start = datetime.combine(self.first, time(0), zone)
        end = datetime.combine(self.last + timedelta(days=1), time(0), zone)
        return start, end

    def months(self) -> list[str]:
        """The months the period touches, as 'YYYY-MM' (the trend's x axis)."""
        out, at = [], self.first.replace(day=1)
        while at <= self.last:
            out.append(f"{at:%Y-%m}")
            at = (at + timedelta(days=32)).replace(day=1)
        return out


# ---- one case -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """One supplement round: asked for, and (unless still waiting) received."""

    requested_at: datetime
    received_at: datetime | None = None


@dataclass(frozen=True)
class Timeline:
    """What the formula needs to know about one case.

    `due_at` is the due date the case is judged against: already moved past the waiting of the
    rounds that came back (the processing screens move it, in working time), never moved by an
    apology. `first_request_due_at` is the due date when the first round was requested, against
    which a case still waiting for that round is judged (default: `due_at`).
    """

    accepted_at: datetime
    due_at: datetime
    online: bool = False
    closed_at: datetime | None = None
    rounds: tuple[Round, ...] = ()
    first_request_due_at: datetime | None = None


def local_day(moment: datetime, offset_seconds: int) -> int:
    """Number the office-local day of an instant (days since 1970-01-01, local)."""
    return (int(moment.timestamp()) + offset_seconds) // DAY


def in_period(case: Timeline, start: datetime, end: datetime) -> bool:
    """Whether a case counts in [start, end): accepted before the end, not finished before the start."""
    return case.accepted_at < end and (case.closed_at is None or case.closed_at >= start)


def received_kind(case: Timeline, start: datetime) -> Received:
    if case.accepted_at < start:
        return Received.CARRIED_OVER
    return Received.NEW_ONLINE if case.online else Received.NEW_DIRECT


def judge(case: Timeline, end: datetime, now: datetime, offset_seconds: int) -> State:
    """Judge a case counted in a period ending at `end`, as seen at `now`."""
    resolved = case.closed_at is not None and case.closed_at < end
    moment = case.closed_at if resolved else min(end, now)
    assert moment is not None
    rounds = [r for r in case.rounds if case.accepted_at <= r.requested_at < moment]
    waiting = [r for r in rounds if r.received_at is None or r.received_at >= moment]
    due = case.due_at
    if waiting:
        moment = waiting[0].requested_at  # judged at the time of the request
        due = case.first_request_due_at or due  # against the due date it had then
    judged_day = local_day(moment, offset_seconds)
    due_day = local_day(due, offset_seconds)
    late = len(rounds) > 1 or judged_day > due_day
    if resolved:
        if late:
            return State.LATE
        return State.EARLY if judged_day < due_day else State.ON_TIME
    if late:
        return State.OVERDUE
    return State.WAITING if waiting else State.WITHIN


def days_late(
    judged: datetime,
    due: datetime,
    offset_seconds: int,
    *,
    second_request_at: datetime | None = None,
    waited_since_second: float = 0,
) -> int:
    """Count the days an overdue case is late when judged at `judged` (the overdue list).

    Late by its date: office-local days after the due day, as `judge` compares them. Late
    because a second supplement was requested: the case counts as late from that request on,
    whatever its due date, so the request's day is its first late day (1, as the first day after
    a due date is), and the days the citizen then held the dossier are not counted
    (`waited_since_second`, the finished waiting after that request). The larger of the two.
    """
    late = local_day(judged, offset_seconds) - local_day(due, offset_seconds)
    if second_request_at is not None:
        running = judged - timedelta(seconds=max(waited_since_second, 0))
        since = local_day(running, offset_seconds) - local_day(second_request_at, offset_seconds)
        late = max(late, since + 1, 1)
    return max(late, 0)


# ---- the figures --------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    """part / whole in %, or None when there is nothing to divide (shown as a dash)."""
    return None if whole == 0 else 100.0 * part / whole


@dataclass
class Figures:
    """The 06a cells and the dashboard's rates for one group of cases."""

    received: dict[Received, int] = field(default_factory=lambda: dict.fromkeys(Received, 0))
    states: dict[State, int] = field(default_factory=lambda: dict.fromkeys(State, 0))
    withdrawn: int = 0
    processing_seconds: int = 0  # finish - acceptance - waiting, summed over resolved cases
    ratings: dict[str, int] = field(default_factory=dict)  # level -> cases

    def add(
        self,
        received: Received,
        state: State,
        count: int = 1,
        *,
        withdrawn: bool = False,
        processing_seconds: int = 0,
        rating: str | None = None,
    ) -> None:
        self.received[received] += count
        self.states[state] += count
        if withdrawn:
            self.withdrawn += count
        self.processing_seconds += processing_seconds
        if rating:
            self.ratings[rating] = self.ratings.get(rating, 0) + count

    def merge(self, other: Figures) -> None:
        for kind, n in other.received.items():
            self.received[kind] += n
        for state, n in other.states.items():
            self.states[state] += n
        self.withdrawn += other.withdrawn
        self.processing_seconds += other.processing_seconds
        for level, n in other.ratings.items():
            self.ratings[level] = self.ratings.get(level, 0) + n

    # 06a: received
    @property
    def total(self) -> int:
        return sum(self.received.values())

    @property
    def carried_over(self) -> int:
        return self.received[Received.CARRIED_OVER]

    @property
    def new_online(self) -> int:
        return self.received[Received.NEW_ONLINE]

    @property
    def new_direct(self) -> int:
        return self.received[Received.NEW_DIRECT]

    # 06a: resolved
    @property
    def resolved(self) -> int:
        return sum(self.states[s] for s in RESOLVED_STATES)

    @property
    def early(self) -> int:
        return self.states[State.EARLY]

    @property
    def on_time(self) -> int:
        return self.states[State.ON_TIME]

    @property
    def late(self) -> int:
        return self.states[State.LATE]

    # 06a: in progress at the end
    @property
    def in_progress(self) -> int:
        return sum(self.states[s] for s in OPEN_STATES)

    @property
    def within(self) -> int:
        """Within the deadline, including those waiting for a supplement."""
        return self.states[State.WITHIN] + self.states[State.WAITING]

    @property
    def waiting(self) -> int:
        return self.states[State.WAITING]

    @property
    def overdue(self) -> int:
        return self.states[State.OVERDUE]

    # rates
    @property
    def on_time_count(self) -> int:
        return sum(self.states[s] for s in ON_TIME_STATES)

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time_count, self.total)

    @property
    def on_time_rate_resolved(self) -> float | None:
        """Among the cases resolved: early or on time, in % (the monthly trend)."""
        return percent(self.early + self.on_time, self.resolved)

    @property
    def online_share(self) -> float | None:
        return percent(self.new_online, self.new_online + self.new_direct)

    @property
    def average_days(self) -> float | None:
        """Average processing time of the resolved cases, in days, waiting excluded."""
        return None if self.resolved == 0 else self.processing_seconds / self.resolved / DAY

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def not_satisfied(self) -> int:
        return self.ratings.get("not_satisfied", 0)

    @property
    def satisfaction_rate(self) -> float | None:
        """Decision 766: 100% - (% late + % 'not satisfied'); complaints are not recorded yet."""
        if self.total == 0:
            return None
        late = self.late + self.overdue
        return max(100.0 - 100.0 * (late + self.not_satisfied) / self.total, 0.0)


def figures_of(
    cases: Iterable[tuple[Timeline, bool, str | None]],
    start: datetime,
    end: datetime,
    now: datetime,
    offset_seconds: int,
) -> Figures:
    """Compute the figures of (timeline, withdrawn, rating) triples one by one: the reference."""
    out = Figures()
    for case, withdrawn, rating in cases:
        if not in_period(case, start, end):
            continue
        state = judge(case, end, now, offset_seconds)
        seconds = 0
        if state in RESOLVED_STATES:
            assert case.closed_at is not None
            waited = sum(
                (r.received_at - r.requested_at).total_seconds()
                for r in case.rounds
                if r.received_at is not None
            )
            seconds = int((case.closed_at - case.accepted_at).total_seconds() - waited)
        out.add(
            received_kind(case, start),
            state,
            withdrawn=withdrawn and state in RESOLVED_STATES,
            processing_seconds=seconds,
            rating=rating,
        )
    return out
