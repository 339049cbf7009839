"""Say how a due date was computed, one translated sentence per stored explanation step."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext

from onestop.calendar.workcal import to_local


def _dt(value: str) -> str:
    return to_local(datetime.fromisoformat(value)).strftime("%H:%M %d/%m/%Y")


def _d(value: str) -> str:
    return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")


def _hours(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}"


def describe_step(step: dict[str, Any]) -> str:
    """Return one explanation step (as stored on the case) as a sentence in the user's language."""
    code, p = step["code"], step.get("params", {})
    match code:
        case "start_moved_to_next_opening":
            return gettext(
                "Received outside office hours: the clock starts at the next opening, %(to)s.",
                to=_dt(p["to"]),
            )
        case "working_days_converted":
            return gettext(
                "%(days)s working days are counted as %(hours)s working hours.",
                days=p["days"],
                hours=_hours(p["working_time"]),
            )
        case "received_after_cutoff":
            return gettext(
                "Received after %(cutoff)s: due the next working day.",
                cutoff=time.fromisoformat(p["cutoff"]).strftime("%H:%M"),
            )
        case "calendar_period_starts_next_day":
            return gettext(
                "The period of days starts the day after receipt (%(first)s) and ends on %(last)s.",
                first=_d(p["first_day"]),
                last=_d(p["last_day"]),
            )
        case "last_day_rest_day_rolled_forward":
            return gettext(
                "The last day, %(from)s, is a day off: the period ends on the next working day, %(to)s.",
                **{"from": _d(p["from"]), "to": _d(p["to"])},
            )
        case "day_skipped":
            return gettext(
                "%(date)s is not a working day (%(name)s).",
                date=_d(p["date"]),
                name=p.get("name") or p.get("reason", ""),
            )
        case "weekend_days_skipped":
            return gettext(
                "%(count)s Saturdays and Sundays skipped between %(from)s and %(to)s.",
                count=p["count"],
                **{"from": _d(p["from"]), "to": _d(p["to"])},
            )
        case "pause_added":
            return gettext(
                "Waiting for a supplement from %(start)s to %(end)s does not count.",
                start=_dt(p["start"]),
                end=_dt(p["end"]),
            )
        case "pause_ignored":
            return gettext(
                "The pause from %(start)s to %(end)s does not move the date.",
                start=_dt(p["start"]),
                end=_dt(p["end"]),
            )
        case "clock_restarted":
            return gettext(
                "The clock restarted from zero at %(at)s, when the supplement arrived.",
                at=_dt(p["at"]),
            )
        case "recomputed":
            return gettext(
                "Recomputed on %(at)s after the working calendar changed.", at=_dt(p["at"])
            )
    return code


def describe(steps: list[dict[str, Any]]) -> list[str]:
    return [describe_step(step) for step in steps]
