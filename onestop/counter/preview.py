"""What the officer sees before accepting: the due date if accepted now, how it was computed, the fee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onestop.calendar.explain import describe_steps
from onestop.calendar.service import compute_due
from onestop.catalogue.display import describe_time_limit
from onestop.catalogue.fees import FeeNotSet, describe_fee
from onestop.catalogue.model import Channel, FeeKind
from onestop.catalogue.models import Procedure
from onestop.catalogue.services import fee_for, fee_rule_for
from onestop.organisation.models import Unit


@dataclass(frozen=True)
class DuePreview:
    due_at: datetime
    time_limit: str
    steps: list[str]
    fee: int | None  # None: set by the province and not adopted yet
    fee_rule: str
    counts_pages: bool  # the fee depends on pages and copies


def due_preview(
    procedure: Procedure, channel: Channel, unit: Unit, now: datetime, *, pages: int, copies: int
) -> DuePreview | None:
    """Compute the due date and fee a case would get if accepted now; None if not on this channel."""
    terms = procedure.spec.terms(channel)
    if terms is None:
        return None
    due = compute_due(unit.office_hours, now, terms.time_limit)
    rule = fee_rule_for(unit, procedure, channel)
    try:
        fee: int | None = fee_for(
            unit, procedure, channel, pages=max(pages, 1), copies=max(copies, 1)
        )
    except FeeNotSet:
        fee = None
    return DuePreview(
        due_at=due.due_at,
        time_limit=describe_time_limit(terms.time_limit),
        steps=describe_steps([step.as_json() for step in due.explanation]),
        fee=fee,
        fee_rule=describe_fee(rule),
        counts_pages=rule.kind in (FeeKind.PER_PAGE, FeeKind.PER_COPY),
    )
