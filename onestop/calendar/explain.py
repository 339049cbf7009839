"""Say how a due date was computed: the calendar's explanation steps as translated sentences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext

from onestop.timefmt import format_datetime


def _when(value: Any) -> str:
    """Format an ISO date or instant from a stored step the way the counter reads dates."""
    text = str(value)
    if "T" in text:
        return format_datetime(datetime.fromisoformat(text))
    return date.fromisoformat(text).strftime("%d/%m/%Y")


def _hours(seconds: Any) -> str:
    hours = int(seconds) / 3600
    return f"{hours:g}"


def describe_step(step: dict[str, Any]) -> str:
    """Turn one stored step {"code", "params"} into a sentence."""
    code = step.get("code", "")
    p = step.get("params", {})
    match code:
        case "start_moved_to_next_opening":
            return gettext(
                "Received outside office hours (%(from)s): the clock starts at the next opening, %(to)s.",
                **{"from": _when(p["from"]), "to": _when(p["to"])},
            )
        case "working_days_converted":
            return gettext(
                "%(days)s working days = %(hours)s working hours.",
                days=p["days"],
                hours=_hours(p["working_time"]),
            )
        case "received_after_cutoff":
            return gettext(
                "Received at %(at)s, after %(cutoff)s: returned on the next working day.",
                at=_when(p["at"]),
                cutoff=str(p["cutoff"])[:5],
            )
        case "calendar_period_starts_next_day":
            return gettext(
                "A period in days starts the day after acceptance: from %(first)s to %(last)s.",
                first=_when(p["first_day"]),
                last=_when(p["last_day"]),
            )
        case "last_day_rest_day_rolled_forward":
            return gettext(
                "The last day, %(from)s, is a rest day: the period ends on %(to)s.",
                **{"from": _when(p["from"]), "to": _when(p["to"])},
            )
        case "day_skipped":
            if p.get("reason") == "override":
                return gettext(
                    "%(date)s skipped: day off announced (%(name)s).",
                    date=_when(p["date"]),
                    name=p.get("name", ""),
                )
            return gettext(
                "%(date)s skipped: public holiday (%(name)s).",
                date=_when(p["date"]),
                name=p.get("name", ""),
            )
        case "weekend_days_skipped":
            return gettext(
                "%(count)s Saturdays and Sundays between %(from)s and %(to)s skipped.",
                **{"count": p["count"], "from": _when(p["from"]), "to": _when(p["to"])},
            )
        case "pause_added":
            return gettext(
                "Clock paused from %(start)s to %(end)s while waiting for a supplement.",
                start=_when(p["start"]),
                end=_when(p["end"]),
            )
        case "pause_ignored":
            return gettext(
                "Pause from %(start)s to %(end)s not counted.",
                start=_when(p["start"]),
                end=_when(p["end"]),
            )
        case "clock_restarted":
            return gettext(
                "Clock restarted from zero at %(at)s, once the dossier was complete.",
                at=_when(p["at"]),
            )
        case "apology":
            return gettext(
                "Due date reset once, with an apology (form 04): from %(old)s to %(new)s.",
                old=_when(p["old_due"]),
                new=_when(p["new_due"]),
            )
        case "recomputed":
            return gettext(
                "Recomputed on %(at)s after the working calendar changed.", at=_when(p["at"])
            )
    return code


def describe_steps(steps: list[dict[str, Any]]) -> list[str]:
    """Translate every step, in order."""
    return [describe_step(step) for step in steps]
