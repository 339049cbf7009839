"""Late and ended cases: the once-only apology (form 04), stopping, withdrawal, refusal."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.calendar.retiming import FIXED_BY
from onestop.cases.errors import CaseError
from onestop.cases.events import move
from onestop.cases.files import Upload
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent
from onestop.processing.approval import store_document
from onestop.processing.common import begin, events_of, log, steps_of, unit_calendar
from onestop.processing.handoffs import _require
from onestop.processing.models import StepState
from onestop.processing.timing import apology_still_possible


def apology_of(case: Case) -> CaseEvent | None:
    """Return the case's apology event, if one was issued."""
    return next((e for e in events_of(case) if e.action == FIXED_BY), None)


def issue_apology(
    case: Case,
    new_due: datetime,
    reason: str,
    *,
    actor: User,
    now: datetime,
    version: int | None,
) -> CaseEvent:
    """Apologise for a late case and set its new due date: once per case, a day ahead at the latest."""
    begin(case, version)
    _require(actor, case, "apology")
    if apology_of(case) is not None:
        raise CaseError(
            _l("An apology has already been issued for this case: the date can be reset only once.")
        )
    assert case.due_at is not None
    if not apology_still_possible(unit_calendar(case, now), now, case.due_at):
        raise CaseError(
            _l(
                "Too late for an apology: it must be issued at least one working day before the due time."
            )
        )
    if new_due <= case.due_at:
        raise CaseError(_l("The new due date must be later than the current one."), field="new_due")
    if not reason.strip():
        raise CaseError(_l("Give the reason for the delay."), field="reason")
    old_due = case.due_at
    case.due_at = new_due
    # The reports keep judging the case against the date it replaced (clock columns on Case).
    case.due_before_apology_at = old_due
    case.due_explanation = [
        *(case.due_explanation or []),
        {"code": "apology", "params": {"old_due": _iso(old_due), "new_due": _iso(new_due)}},
    ]
    return log(
        case,
        FIXED_BY,
        actor=actor,
        now=now,
        note=reason,
        data={"old_due": _iso(old_due), "new_due": _iso(new_due), "reason": reason},
    )


def _end(
    case: Case,
    target: CaseStatus,
    action: str,
    reason: str,
    document: Upload | None,
    *,
    actor: User,
    now: datetime,
) -> CaseEvent:
    if not reason.strip():
        raise CaseError(_l("Give the reason."), field="reason")
    data: dict[str, object] = {"reason": reason}
    if document is not None and document.data:
        data["file_id"] = store_document(case, document, actor).id
    for step in steps_of(case):
        if step.state in (
            StepState.WAITING,
            StepState.PENDING,
            StepState.ACTIVE,
            StepState.SUBMITTED,
        ):
            step.state = (
                StepState.CANCELLED if target is not CaseStatus.RESULT_READY else StepState.DONE
            )
            step.finished_at = now
    case.finished_at = now
    if target is CaseStatus.RESULT_READY:
        data["outcome"] = "refused"
    return move(case, target, action, actor=actor, at=now, note=reason, data=data)


def stop_case(
    case: Case,
    reason: str,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    document: Upload | None = None,
) -> CaseEvent:
    """The unit stops processing (status 8), with the reason and the notice."""
    begin(case, version)
    _require(actor, case, "stop")
    return _end(case, CaseStatus.STOPPED, "stopped", reason, document, actor=actor, now=now)


def withdraw_case(
    case: Case,
    reason: str,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    document: Upload | None = None,
) -> CaseEvent:
    """The citizen withdraws the case at the counter (status 7), with their written request."""
    begin(case, version)
    _require(actor, case, "withdraw")
    return _end(case, CaseStatus.WITHDRAWN, "withdrawn", reason, document, actor=actor, now=now)


def refuse_after_appraisal(
    case: Case,
    reason: str,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    document: Upload | None = None,
) -> CaseEvent:
    """Refuse after appraisal: the written refusal is the case's result, collected at the counter."""
    begin(case, version)
    _require(actor, case, "refuse")
    return _end(
        case,
        CaseStatus.RESULT_READY,
        "refused_after_appraisal",
        reason,
        document,
        actor=actor,
        now=now,
    )


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()
