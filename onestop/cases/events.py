"""The append-only case history and the guarded status move every service uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onestop.accounts.models import User
from onestop.cases.clock import apply_to_clock
from onestop.cases.errors import CaseChanged
from onestop.cases.lifecycle import CaseStatus, check_transition
from onestop.cases.models import Case, CaseEvent
from onestop.db import db


def record_event(
    case: Case,
    action: str,
    *,
    actor: User | None,
    at: datetime,
    from_status: CaseStatus | None,
    to_status: CaseStatus | None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append one row to the case's history."""
    entry = CaseEvent(
        case_id=case.id,
        action=action,
        actor_id=actor.id if actor else None,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def expect_version(case: Case, version: int | None) -> None:
    """Refuse to act on a case someone else changed since the user loaded it."""
    if version is not None and case.version != version:
        raise CaseChanged("changed")


def move(
    case: Case,
    target: CaseStatus,
    action: str,
    *,
    actor: User | None,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Move a case to `target` if the lifecycle allows it, and log the move."""
    current = case.status
    check_transition(current, target)
    case.status = target
    apply_to_clock(case, action, target, at)
    db.session.flush()  # the version column makes a concurrent writer fail here
    return record_event(
        case,
        action,
        actor=actor,
        at=at,
        from_status=current,
        to_status=target,
        note=note,
        data=data,
    )
