"""Working calendar and deadline arithmetic; pure Python, no Flask or database."""

from onestop.calendar.days import DayOff, DayReason, Override, OverrideKind, WorkingDays
from onestop.calendar.deadlines import (
    DueDate,
    PausePolicy,
    Step,
    TimeLimit,
    TimeUnit,
    due_date,
    recompute_due,
)
from onestop.calendar.workcal import (
    DEFAULT_OFFICE_HOURS,
    VN_TZ,
    Pause,
    WorkCalendar,
    merge_pauses,
    to_local,
)

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "VN_TZ",
    "DayOff",
    "DayReason",
    "DueDate",
    "Override",
    "OverrideKind",
    "Pause",
    "PausePolicy",
    "Step",
    "TimeLimit",
    "TimeUnit",
    "WorkCalendar",
    "WorkingDays",
    "due_date",
    "merge_pauses",
    "recompute_due",
    "to_local",
]
