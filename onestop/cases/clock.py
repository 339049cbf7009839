"""The report clock on a case: finish time, supplement rounds and waiting time (no Flask).

The national on-time formula (DOMAIN.md §7) needs, per case, the finish time, how many supplements
were requested and how long the citizen was waited for. Replaying each case's history for a
million cases is too slow for a dashboard, so these facts are kept as columns on the case and
updated here, in the same transaction as the event that changes them. `events.move` is the only
caller: every status change goes through it, so the columns cannot drift from the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from onestop.cases.lifecycle import CaseStatus

if TYPE_CHECKING:
    from onestop.cases.models import Case

# The event names the processing screens write for a supplement round (and the reports count).
SUPPLEMENT_REQUESTED = "supplement_requested"
SUPPLEMENT_RECEIVED = "supplement_received"
APOLOGY = "apology"

# Where the first finish of each kind is stamped; closed_at takes the first of them all.
_FINISH_STAMPS = {
    CaseStatus.RESULT_READY: "finished_at",
    CaseStatus.STOPPED: "finished_at",
    CaseStatus.WITHDRAWN: "finished_at",
    CaseStatus.REFUSED: "refused_at",
    CaseStatus.RETURNED: "returned_at",
}


def apply_to_clock(case: Case, action: str, target: CaseStatus, at: datetime) -> None:
    """Update the case's report clock for one event (called by events.move before it flushes)."""
    # Once finished the case is judged: a result reopened later does not change its figures.
    running = case.accepted_at is not None and case.closed_at is None
    if running and action == SUPPLEMENT_REQUESTED:
        case.supplement_count = (case.supplement_count or 0) + 1
        if case.supplement_count == 1:
            case.first_supplement_at = at
            case.first_supplement_due_at = case.due_at
        elif case.supplement_count == 2:
            case.second_supplement_at = at
        if case.paused_since is None:
            case.paused_since = at
    elif running and action == SUPPLEMENT_RECEIVED and case.paused_since is not None:
        waited = max(int((at - case.paused_since).total_seconds()), 0)
        case.paused_seconds = (case.paused_seconds or 0) + waited
        case.paused_since = None
        if case.supplement_count == 1:
            case.first_supplement_back_at = at
    stamp = _FINISH_STAMPS.get(target)
    if stamp is None:
        return
    if getattr(case, stamp) is None:
        setattr(case, stamp, at)
    if case.closed_at is None:
        case.closed_at = at
