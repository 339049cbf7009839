"""Benchmark due_date against a naive day-by-day walk and a constant-time baseline.

Run from the repository root: python bench/bench_calendar.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

# Benchmark the checkout this file lives in, not whatever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onestop.calendar import (
    DEFAULT_OFFICE_HOURS,
    VN_TZ,
    Override,
    TimeLimit,
    TimeUnit,
    WorkCalendar,
    due_date,
)

REPEATS = 11
ONE_DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
LIMITS = [
    ("4 working hours", TimeLimit(4, TimeUnit.WORKING_HOURS)),
    ("3 working days", TimeLimit(3, TimeUnit.WORKING_DAYS)),
    ("17 working days", TimeLimit(17, TimeUnit.WORKING_DAYS)),
    ("15 calendar days", TimeLimit(15, TimeUnit.CALENDAR_DAYS)),
    ("250 working days", TimeLimit(250, TimeUnit.WORKING_DAYS)),
]


class NaiveCalendar:
    """Walk one day at a time, the way a first implementation usually does."""

    def __init__(self, fast: WorkCalendar, first: date, last: date) -> None:
        # Materialise the rest days from the fast calendar so both agree on the data.
        days = (first + n * ONE_DAY for n in range((last - first).days + 1))
        self.rest_days = {d for d in days if not fast.is_working_day(d)}

    def working(self, day: date) -> bool:
        return day not in self.rest_days

    def segments(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.working(day):
            return []
        return [
            (datetime.combine(day, s, tzinfo=VN_TZ), datetime.combine(day, e, tzinfo=VN_TZ))
            for s, e in DEFAULT_OFFICE_HOURS
        ]

    def next_opening(self, instant: datetime) -> datetime:
        day = instant.date()
        while True:
            for s, e in self.segments(day):
                if instant < e:
                    return max(instant, s)
            day += ONE_DAY

    def add(self, start: datetime, amount: timedelta) -> datetime:
        start = self.next_opening(start)
        day = start.date()
        while True:
            for s, e in self.segments(day):
                lo = max(s, start)
                if lo < e:
                    if amount <= e - lo:
                        return lo + amount
                    amount -= e - lo
            day += ONE_DAY

    def due(self, accepted: datetime, limit: TimeLimit) -> datetime:
        if limit.unit is TimeUnit.CALENDAR_DAYS:
            last = accepted.date() + limit.amount * ONE_DAY
            while not self.working(last):
                last += ONE_DAY
            return datetime.combine(last, DEFAULT_OFFICE_HOURS[-1][1], tzinfo=VN_TZ)
        hours = limit.amount * (8 if limit.unit is TimeUnit.WORKING_DAYS else 1)
        return self.add(accepted, timedelta(hours=hours))


def calls_per_second(
    fns: list[Callable[[datetime], object]], instants: list[datetime]
) -> list[float]:
    """Return the median calls per second of each function over `instants`."""
    # Runs alternate between the functions so drift on a shared machine hits all alike.
    rates: list[list[float]] = [[] for _ in fns]
    for _ in range(REPEATS):
        for fn, fn_rates in zip(fns, rates, strict=True):
            started = clock.perf_counter()
            for instant in instants:
                fn(instant)
            fn_rates.append(len(instants) / (clock.perf_counter() - started))
    return [statistics.median(r) for r in rates]


def random_instants(rng: random.Random, count: int) -> list[datetime]:
    """Return acceptance instants spread over 2024–2026, inside and outside office hours."""
    base = datetime(2024, 1, 1, tzinfo=VN_TZ)
    return [base + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)) for _ in range(count)]


def overrides_calendar(rng: random.Random, count: int, first: date) -> WorkCalendar:
    """Return the 2015–2034 calendar plus `count` random overrides over 20 years from `first`."""
    picked = rng.sample(range(20 * 365), count)
    overrides = [
        Override(first + n * ONE_DAY, rng.choice(["day_off", "working_day"]), "bench")
        for n in picked
    ]
    return WorkCalendar.for_vietnam(range(2015, 2035), overrides)


def arithmetic_only(cal: WorkCalendar, limit: TimeLimit) -> Callable[[datetime], object]:
    """Return the bare date arithmetic of `limit`, without building an explanation."""
    if limit.unit is TimeUnit.CALENDAR_DAYS:
        days = limit.amount * ONE_DAY
        return lambda t: cal.closing_of(cal.add_working_days(t.date() + days, 0))
    work = limit.amount * (cal.standard_day if limit.unit is TimeUnit.WORKING_DAYS else HOUR)
    return lambda t: cal.add_working_hours(t, work)


def main() -> None:
    rng = random.Random(20250430)
    instants = random_instants(rng, 500)
    cal = WorkCalendar.for_vietnam(range(2024, 2029))
    naive = NaiveCalendar(cal, date(2024, 1, 1), date(2028, 12, 31))
    for _, limit in LIMITS:
        for instant in instants[:50]:
            # A benchmark of wrong answers is worthless: check both agree first.
            assert due_date(cal, instant, limit).due_at == naive.due(instant, limit), limit

    print(f"## Calls per second (median of {REPEATS} runs of {len(instants)} calls)\n")
    print(
        "| limit | due_date (with explanation) | arithmetic only | naive day-by-day"
        " | due_date vs naive | constant baseline | constant vs due_date |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, limit in LIMITS:
        days = limit.amount * ONE_DAY
        fast, bare, slow, const = calls_per_second(
            [
                lambda t, lim=limit: due_date(cal, t, lim),
                arithmetic_only(cal, limit),
                lambda t, lim=limit: naive.due(t, lim),
                lambda t, d=days: t + d,
            ],
            instants,
        )
        print(
            f"| {label} | {fast:,.0f} | {bare:,.0f} | {slow:,.0f} | {fast / slow:.1f}x"
            f" | {const:,.0f} | {const / fast:.0f}x slower |"
        )

    print("\n## due_date cost against calendar size (17 working days)\n")
    sizes = [
        ("5 years of holidays", cal),
        ("20 years of holidays", WorkCalendar.for_vietnam(range(2015, 2035))),
        # Overrides in the cases' own years make each period denser in days off
        # (longer explanations); overrides in other years show the pure size effect.
        ("20 y + 2,000 overrides in 2040–59", overrides_calendar(rng, 2000, date(2040, 1, 1))),
        ("20 y + 2,000 overrides in 2015–34", overrides_calendar(rng, 2000, date(2015, 1, 1))),
    ]
    limit = TimeLimit(17, TimeUnit.WORKING_DAYS)
    rates = calls_per_second(
        [lambda t, c=sized: due_date(c, t, limit) for _, sized in sizes]
        + [arithmetic_only(sized, limit) for _, sized in sizes],
        instants,
    )
    full, bare = rates[: len(sizes)], rates[len(sizes) :]
    print("| calendar | stored entries | due_date calls/s | ratio | arithmetic only | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for i, (label, sized) in enumerate(sizes):
        print(
            f"| {label} | {sized.days.entry_count:,} | {full[i]:,.0f} | {full[i] / full[0]:.2f}"
            f" | {bare[i]:,.0f} | {bare[i] / bare[0]:.2f} |"
        )


if __name__ == "__main__":
    started = clock.perf_counter()
    main()
    print(f"\nTotal {clock.perf_counter() - started:.1f} s; Python {sys.version.split()[0]}")
