"""Working-day arithmetic over sorted exception lists (no day-by-day loops)."""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY = 5


class OverrideKind(enum.StrEnum):
    """What an administrator's override makes of a date."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class DayReason(enum.StrEnum):
    """Why a date is not a working day."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OVERRIDE = "override"


@dataclass(frozen=True)
class Override:
    """An administrator's decision about one date; it wins over the holiday package."""

    day: date
    kind: OverrideKind
    note: str = ""

    def __post_init__(self) -> None:
        # Accept the plain strings an admin form or a YAML file hands us.
        object.__setattr__(self, "kind", OverrideKind(self.kind))


@dataclass(frozen=True)
class DayOff:
    """A rest day and the reason for it."""

    day: date
    reason: DayReason
    name: str = ""


def _weekdays_before(ordinal: int) -> int:
    """Count Monday–Friday days with an ordinal below `ordinal`."""
    # Ordinal 1 (0001-01-01) is a Monday, so whole weeks hold 5 weekdays and the
    # remainder's first five days are weekdays.
    weeks, rest = divmod(ordinal - 1, 7)
    return 5 * weeks + min(rest, 5)


def _is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


class WorkingDays:
    """Answer working-day questions in O(log n) of the number of exceptions."""

    def __init__(
        self,
        holidays: Mapping[date, str] | None = None,
        weekend_workdays: Iterable[date] = (),
        overrides: Iterable[Override] = (),
    ) -> None:
        # Precedence, weakest first: swapped working Saturdays, holidays, overrides.
        info: dict[date, DayOff | None] = dict.fromkeys(weekend_workdays)
        for day, name in (holidays or {}).items():
            info[day] = DayOff(day, DayReason.HOLIDAY, name)
        seen: set[date] = set()
        for override in overrides:
            if override.day in seen:
                raise ValueError(f"two overrides for {override.day.isoformat()}")
            seen.add(override.day)
            if override.kind is OverrideKind.DAY_OFF:
                info[override.day] = DayOff(override.day, DayReason.OVERRIDE, override.note)
            else:
                info[override.day] = None

        self._off_info = {day: off for day, off in info.items() if off is not None}
        # Every date that is off with a name (holidays on weekends included), for explanations.
        self._named_off = sorted(self._off_info)
        # The two corrections to the plain Monday–Friday count, as ordinals so the
        # hot path compares ints instead of dates.
        self._weekday_off = [d.toordinal() for d in self._named_off if not _is_weekend(d)]
        self._weekend_on = sorted(
            d.toordinal() for d, off in info.items() if off is None and _is_weekend(d)
        )

    @property
    def entry_count(self) -> int:
        """Return how many dated exceptions (days off, working weekend days) are stored."""
        return len(self._named_off) + len(self._weekend_on)

    def is_working_day(self, day: date) -> bool:
        """Tell whether `day` is a working day."""
        return self.day_off(day) is None

    def day_off(self, day: date) -> DayOff | None:
        """Return why `day` is a rest day, or None when it is a working day."""
        if day in self._off_info:
            return self._off_info[day]
        if _is_weekend(day):
            o = day.toordinal()
            i = bisect_left(self._weekend_on, o)
            if i < len(self._weekend_on) and self._weekend_on[i] == o:
                return None
            return DayOff(day, DayReason.WEEKEND, "")
        return None

    def index(self, day: date) -> int:
        """Return the number of working days before `day` since 0001-01-01."""
        return self._index(day.toordinal())

    def _index(self, o: int) -> int:
        return (
            _weekdays_before(o)
            - bisect_left(self._weekday_off, o)
            + bisect_left(self._weekend_on, o)
        )

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in [start, end) (negative when end is before start)."""
        # Half-open like numpy.busday_count, so consecutive ranges add up.
        return self.index(end) - self.index(start)

    def day_with_index(self, target: int, near: date) -> date:
        """Return the working day that has exactly `target` working days before it."""
        # We look for the smallest ordinal o with index(o + 1) > target: that day
        # is the target-th working day, because index only rises after one.
        near_o = near.toordinal()
        needed = target - self._index(near_o)
        if needed < 0:
            # Backwards (rare): every 7 days hold 5 weekdays, at most all the
            # weekday entries are off, so this window surely holds the answer.
            lo = near_o - 7 * ((len(self._weekday_off) - needed) // 5 + 2)
            return date.fromordinal(self._search(target, lo, near_o))
        # Forwards: where the answer would be with no entries after `near`
        # (O(1) arithmetic), then gallop past the days off found on the way, so
        # the work grows with log(entries in the period), not with its length.
        weeks, rest = divmod(_weekdays_before(near_o) + needed, 5)
        estimate = 7 * weeks + rest + 1
        lo, hi, step = near_o, estimate, 1
        while self._index(hi + 1) <= target:
            lo, hi, step = hi + 1, hi + step, step * 2
        if bisect_left(self._weekend_on, near_o) == bisect_left(self._weekend_on, hi + 1):
            # Without working weekend days the answer cannot come before the estimate.
            lo = max(lo, estimate)
        return date.fromordinal(self._search(target, lo, hi))

    def _search(self, target: int, lo: int, hi: int) -> int:
        """Binary-search [lo, hi] for the smallest o with index(o + 1) > target."""
        while lo < hi:
            mid = (lo + hi) // 2
            if self._index(mid + 1) > target:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def add_working_days(self, day: date, n: int) -> date:
        """Return the n-th working day after `day` (before it if n < 0; n == 0 rolls forward)."""
        if n > 0:
            return self.day_with_index(self.index(day + timedelta(days=1)) + n - 1, day)
        if n < 0:
            return self.day_with_index(self.index(day) + n, day)
        return self.day_with_index(self.index(day), day)

    def named_days_off(self, start: date, end: date) -> list[DayOff]:
        """List holidays and override days off in [start, end], in date order."""
        lo = bisect_left(self._named_off, start)
        hi = bisect_left(self._named_off, end + timedelta(days=1))
        return [self._off_info[d] for d in self._named_off[lo:hi]]

    def plain_weekend_days(self, start: date, end: date) -> int:
        """Count weekend rest days in [start, end] that have no holiday or override name."""
        stop = end + timedelta(days=1)
        if stop <= start:
            return 0
        all_days = stop.toordinal() - start.toordinal()
        weekdays = _weekdays_before(stop.toordinal()) - _weekdays_before(start.toordinal())
        weekend = all_days - weekdays
        named = bisect_left(self._named_off, stop) - bisect_left(self._named_off, start)
        lo, hi = start.toordinal(), stop.toordinal()
        named_weekday = bisect_left(self._weekday_off, hi) - bisect_left(self._weekday_off, lo)
        working_weekend = bisect_left(self._weekend_on, hi) - bisect_left(self._weekend_on, lo)
        return weekend - (named - named_weekday) - working_weekend
