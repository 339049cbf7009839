"""The working calendar: rest days plus office hours, in Vietnam's time zone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_package

from onestop.calendar.days import DayOff, Override, WorkingDays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_OFFICE_HOURS: tuple[tuple[time, time], ...] = (
    (time(7, 0), time(11, 30)),
    (time(13, 30), time(17, 0)),
)
_US_PER_SECOND = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_SECOND

Pause = tuple[datetime, datetime]


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def to_local(instant: datetime) -> datetime:
    """Convert an aware datetime to Asia/Ho_Chi_Minh; refuse naive ones."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: pass a timezone-aware datetime "
            "(e.g. with tzinfo=ZoneInfo('Asia/Ho_Chi_Minh'))"
        )
    return instant.astimezone(VN_TZ)


class WorkCalendar:
    """Working days and office hours of one unit; all arithmetic is O(log entries)."""

    def __init__(
        self,
        holidays: Mapping[date, str] | None = None,
        weekend_workdays: Iterable[date] = (),
        overrides: Iterable[Override] = (),
        office_hours: Sequence[tuple[time, time]] = DEFAULT_OFFICE_HOURS,
    ) -> None:
        self.days = WorkingDays(holidays, weekend_workdays, overrides)
        self.office_hours = tuple(office_hours)
        self._intervals = [(_us_of(s), _us_of(e)) for s, e in self.office_hours]
        if not self._intervals:
            raise ValueError("office hours must hold at least one interval")
        previous_end = 0
        for start, end in self._intervals:
            if not previous_end <= start < end:
                raise ValueError("office hours must be increasing, non-overlapping intervals")
            previous_end = end
        self._day_us = sum(end - start for start, end in self._intervals)

    @classmethod
    def for_vietnam(
        cls,
        years: Iterable[int],
        overrides: Iterable[Override] = (),
        office_hours: Sequence[tuple[time, time]] = DEFAULT_OFFICE_HOURS,
    ) -> WorkCalendar:
        """Build the calendar from the `holidays` package's Vietnamese data plus overrides."""
        vn = holidays_package.country_holidays("VN", years=list(years), language="vi")
        return cls(dict(vn), set(vn.weekend_workdays), overrides, office_hours)

    # -- days -------------------------------------------------------------

    @property
    def standard_day(self) -> timedelta:
        """Return the working time of one full working day (8 h by default)."""
        return timedelta(microseconds=self._day_us)

    @property
    def closing_time(self) -> time:
        """Return the time the office closes each working day."""
        return self.office_hours[-1][1]

    def is_working_day(self, day: date) -> bool:
        """Tell whether `day` is a working day."""
        return self.days.is_working_day(day)

    def day_off(self, day: date) -> DayOff | None:
        """Return why `day` is a rest day (weekend, holiday name, override note), or None."""
        return self.days.day_off(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in [start, end)."""
        return self.days.working_days_between(start, end)

    def add_working_days(self, day: date, n: int) -> date:
        """Return the n-th working day after `day` (n == 0 rolls a rest day forward)."""
        return self.days.add_working_days(day, n)

    def closing_of(self, day: date) -> datetime:
        """Return the closing instant of `day`."""
        return datetime.combine(day, self.closing_time, tzinfo=VN_TZ)

    # -- instants ---------------------------------------------------------

    def _clock(self, local: datetime) -> int:
        """Return working microseconds elapsed from 0001-01-01 up to `local`."""
        day = local.date()
        elapsed = self.days.index(day) * self._day_us
        if not self.days.is_working_day(day):
            return elapsed
        now = _us_of(local.time())
        for start, end in self._intervals:
            if now <= start:
                break
            elapsed += min(now, end) - start
        return elapsed

    def _instant_at(self, clock: int, near: date) -> datetime:
        """Return the earliest instant whose working clock equals `clock`."""
        # The earliest instant is an interval END when the clock lands on a
        # boundary, so 07:00 + 8 h gives 17:00 the same day, not 07:00 next day.
        day_index, into_day = divmod(clock, self._day_us)
        if into_day == 0 and clock > 0:
            day_index, into_day = day_index - 1, self._day_us
        day = self.days.day_with_index(day_index, near)
        moment = self._intervals[-1][1]
        for start, end in self._intervals:
            if into_day <= end - start:
                moment = start + into_day
                break
            into_day -= end - start
        return datetime.combine(day, time(), tzinfo=VN_TZ) + timedelta(microseconds=moment)

    def next_opening(self, instant: datetime) -> datetime:
        """Return `instant` if the office is open then, else the next opening (in VN time)."""
        local = to_local(instant)
        day = local.date()
        if self.days.is_working_day(day):
            now = _us_of(local.time())
            for start, end in self._intervals:
                if now < start:
                    return datetime.combine(day, time(), tzinfo=VN_TZ) + timedelta(
                        microseconds=start
                    )
                if now < end:
                    return local
        following = self.days.add_working_days(day, 1)
        return datetime.combine(following, self.office_hours[0][0], tzinfo=VN_TZ)

    def add_working_hours(self, instant: datetime, amount: float | timedelta) -> datetime:
        """Add working time (hours or a timedelta) to `instant`, skipping closed time."""
        if not isinstance(amount, timedelta):
            amount = timedelta(hours=amount)
        if amount < timedelta(0):
            raise ValueError("working time to add must not be negative")
        start = self.next_opening(instant)
        if not amount:
            return start
        target = self._clock(start) + amount // timedelta(microseconds=1)
        return self._instant_at(target, start.date())

    def working_time_between(
        self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()
    ) -> timedelta:
        """Return the working time in [start, end] minus the working time inside pauses."""
        a, b = to_local(start), to_local(end)
        total = self._clock(b) - self._clock(a)
        if b <= a:
            # Antisymmetric on purpose; pauses only make sense in a forward interval.
            return timedelta(microseconds=total)
        for pause_start, pause_end in merge_pauses(pauses):
            lo, hi = max(a, pause_start), min(b, pause_end)
            if lo < hi:
                total -= self._clock(hi) - self._clock(lo)
        return timedelta(microseconds=total)


def merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """Return pauses in VN time, sorted, with overlaps merged so none counts twice."""
    ordered = sorted((to_local(s), to_local(e)) for s, e in pauses)
    merged: list[Pause] = []
    for s, e in ordered:
        if e < s:
            raise ValueError(f"pause ends before it starts: {s.isoformat()} > {e.isoformat()}")
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
