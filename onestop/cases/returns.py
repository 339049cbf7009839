"""Return of result at the counter: fee collected, result and originals handed over, rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.cases.errors import CaseError
from onestop.cases.events import expect_version, move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseRating, Satisfaction
from onestop.db import db


@dataclass(frozen=True)
class ReturnData:
    collector_name: str
    collector_id_number: str
    fee_paid: int = 0
    fee_receipt_number: str = ""
    originals_returned: bool = True
    note: str = ""


def return_result(
    case: Case, data: ReturnData, *, officer: User, now: datetime, version: int | None
) -> Case:
    """Hand the result over: record the payment and who collected it; the case is finished."""
    expect_version(case, version)
    if case.status is not CaseStatus.RESULT_READY:
        raise CaseError(_l("Only a case whose result is ready can be returned."))
    outstanding = (case.fee_due or 0) - case.fee_paid
    if data.fee_paid < 0 or data.fee_paid > max(outstanding, 0):
        raise CaseError(_l("The amount paid cannot exceed the fee still due."), field="fee_paid")
    if data.fee_paid and not data.fee_receipt_number:
        raise CaseError(_l("Enter the fee receipt number."), field="fee_receipt_number")
    case.fee_paid += data.fee_paid
    if data.fee_receipt_number:
        case.fee_receipt_number = data.fee_receipt_number
    case.returned_at = now
    move(
        case,
        CaseStatus.RETURNED,
        "returned",
        actor=officer,
        at=now,
        note=data.note,
        data={
            "collector_name": data.collector_name,
            "collector_id_number": data.collector_id_number,
            "fee_paid": data.fee_paid,
            "fee_receipt_number": data.fee_receipt_number,
            "originals_returned": data.originals_returned,
        },
    )
    return case


def rate_case(
    case: Case, level: Satisfaction, comment: str = "", *, via: str = "counter"
) -> CaseRating:
    """Record the citizen's rating; a case is rated once, after its result was returned."""
    if case.status is not CaseStatus.RETURNED:
        raise CaseError(_l("A case can be rated once its result has been returned."))
    if db.session.scalar(sa.select(CaseRating.id).where(CaseRating.case_id == case.id)):
        raise CaseError(_l("This case has already been rated."))
    rating = CaseRating(case_id=case.id, level=level, comment=comment.strip(), via=via)
    db.session.add(rating)
    case.satisfaction = level
    db.session.flush()
    return rating
