"""What the public may see of a case: no personal data beyond initials, milestones in plain words."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent
from onestop.db import db
from onestop.signing.issue import result_document
from onestop.signing.models import SignedDocument

# Only these history entries are shown to the public, in these words; everything else stays internal.
PUBLIC_MILESTONES: dict[str, LazyString] = {
    "submitted_online": _l("Submitted online"),
    "accepted": _l("Dossier accepted at the one-stop desk"),
    "transferred": _l("Sent to the department in charge"),
    "supplement_requested": _l("More papers were requested"),
    "supplement_received": _l("The extra papers were received"),
    "apology": _l("A new date for the result was set, with an apology"),
    "due_recomputed": _l("The due date was adjusted to the official calendar"),
    "approved": _l("The result is ready to collect"),
    "result_ready": _l("The result is ready to collect"),
    "returned": _l("The result was handed over"),
    "refused": _l("The dossier was not accepted"),
    "refused_after_appraisal": _l("The request was refused after appraisal"),
    "stopped": _l("Processing was stopped"),
    "withdrawn": _l("The dossier was withdrawn at the applicant's request"),
}


@dataclass(frozen=True)
class Milestone:
    at: datetime
    label: LazyString


@dataclass(frozen=True)
class PublicStatus:
    case: Case
    initials: str
    milestones: list[Milestone]
    fee_outstanding: int
    signed_result: SignedDocument | None = None  # the result's digital signature, if it has one

    @property
    def status(self) -> CaseStatus:
        return self.case.status

    @property
    def has_result(self) -> bool:
        """A result document exists once the head approved it (and stays after the return)."""
        return self.case.status in (CaseStatus.RESULT_READY, CaseStatus.RETURNED)


def initials(name: str) -> str:
    """Reduce a name to its initials: "Nguyễn Thị Hồng Ngọc" -> "N.T.H.N."."""
    return "".join(f"{part[0].upper()}." for part in name.split() if part)


def find_public_status(code: str, key: str) -> PublicStatus | None:
    """Return the case's public view only if the lookup code matches; None tells nothing about why."""
    code, key = code.strip().upper(), key.strip().upper()
    if not code or not key or len(code) > 40 or len(key) > 12:
        return None
    case = db.session.scalar(sa.select(Case).where(Case.code == code))
    # Compare even when the case is missing, in constant time, so timing reveals no valid codes.
    expected = case.lookup_code if case is not None else "-" * 6
    if not hmac.compare_digest(expected.encode(), key.encode()) or case is None:
        return None
    return PublicStatus(
        case=case,
        initials=initials(case.applicant_name),
        milestones=public_milestones(case),
        fee_outstanding=max((case.fee_due or 0) - case.fee_paid, 0),
        signed_result=result_document(case),
    )


def public_milestones(case: Case) -> list[Milestone]:
    """The case's history as the public may read it."""
    events = db.session.scalars(
        sa.select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.action.in_(PUBLIC_MILESTONES))
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    return [Milestone(e.at, PUBLIC_MILESTONES[e.action]) for e in events]
