"""Build the working calendar from the database, and compute a case's due date with it."""

from __future__ import annotations

import threading
from datetime import datetime, time

import sqlalchemy as sa

from onestop.calendar.days import Override
from onestop.calendar.deadlines import DueDate, TimeLimit, TimeUnit, due_date
from onestop.calendar.models import CalendarOverride
from onestop.calendar.workcal import DEFAULT_OFFICE_HOURS, WorkCalendar
from onestop.catalogue import model as catalogue
from onestop.db import db, utcnow

# Building the holiday table costs milliseconds; cases are taken in all day. Cache per process,
# keyed by what could change it, so an override saved by another worker is seen at once.
_cache: dict[tuple[object, ...], WorkCalendar] = {}
_lock = threading.Lock()


def parse_office_hours(text: str) -> tuple[tuple[time, time], ...]:
    """Read "07:00-11:30,13:30-17:00" into intervals."""
    if not text.strip():
        return DEFAULT_OFFICE_HOURS
    intervals = []
    for part in text.split(","):
        start, end = part.strip().split("-")
        intervals.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
    return tuple(intervals)


def calendar_for(office_hours: str = "", *, now: datetime | None = None) -> WorkCalendar:
    """Return the working calendar with the current overrides and these office hours."""
    year = (now or utcnow()).year
    stamp = db.session.execute(
        sa.select(sa.func.count(CalendarOverride.id), sa.func.max(CalendarOverride.updated_at))
    ).one()
    key = (year, office_hours, stamp[0], stamp[1])
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    overrides = [
        Override(o.day, o.kind, o.note) for o in db.session.scalars(sa.select(CalendarOverride))
    ]
    calendar = WorkCalendar.for_vietnam(
        years=range(year - 3, year + 3),
        overrides=overrides,
        office_hours=parse_office_hours(office_hours),
    )
    with _lock:
        _cache.clear()
        _cache[key] = calendar
    return calendar


def calendar_limit(limit: catalogue.TimeLimit) -> TimeLimit:
    """Translate a catalogue time limit into the calendar's terms."""
    unit = TimeUnit(limit.unit.value)
    if unit is TimeUnit.SAME_DAY:
        return TimeLimit(0, unit, limit.cutoff or time(15, 0))
    return TimeLimit(limit.amount or 0, unit)


def compute_due(office_hours: str, accepted_at: datetime, limit: catalogue.TimeLimit) -> DueDate:
    """Compute the due date of a case accepted at `accepted_at` under `limit`."""
    return due_date(calendar_for(office_hours, now=accepted_at), accepted_at, calendar_limit(limit))
