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
from onestop.catalogue.models import ProcedureVersion
from onestop.db import db
from onestop.organisation.models import Unit
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
class PublicCase:
    """The facts of a case the public may read: nothing personal can reach the page."""

    code: str
    procedure_code: str
    procedure_name: str  # as worded in the version the case was opened under
    status: CaseStatus
    accepted_at: datetime | None
    due_at: datetime | None
    handling_unit: str
    collect_at: str

    @property
    def national_status(self) -> int:
        return self.status.national_code


# A result document exists once the head approved it (and stays after the return).
HAS_RESULT = (CaseStatus.RESULT_READY, CaseStatus.RETURNED)


@dataclass(frozen=True)
class PublicStatus:
    case: PublicCase
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
        return self.case.status in HAS_RESULT


def initials(name: str) -> str:
    """Reduce a name to its initials: "Nguyễn Thị Hồng Ngọc" -> "N.T.H.N."."""
    return "".join(f"{part[0].upper()}." for part in name.split() if part)


# The public page is the busiest page of the site (every receipt's QR code opens it): one
# statement, built once, reads exactly what the page shows: the case's public facts and its
# history (one row per event), without loading the case, its unit or the procedure version's
# whole specification.
_PUBLIC_CASE = (
    sa.select(
        Case.lookup_code,
        Case.id,
        Case.applicant_name,
        Case.fee_due,
        Case.fee_paid,
        Case.code,
        ProcedureVersion.data["code"].as_string(),
        ProcedureVersion.data["name"].as_string(),
        Case.status,
        Case.accepted_at,
        Case.due_at,
        Unit.name,
        Case.collect_at,
        CaseEvent.at,
        CaseEvent.action,
    )
    .join(ProcedureVersion, ProcedureVersion.id == Case.procedure_version_id)
    .join(Unit, Unit.id == Case.handling_unit_id)
    .outerjoin(CaseEvent, CaseEvent.case_id == Case.id)
    .where(Case.code == sa.bindparam("code"))
    .order_by(CaseEvent.at, CaseEvent.id)
)


def find_public_status(code: str, key: str) -> PublicStatus | None:
    """Return the case's public view only if the lookup code matches; None tells nothing about why."""
    code, key = code.strip().upper(), key.strip().upper()
    if not code or not key or len(code) > 40 or len(key) > 12:
        return None
    rows = db.session.execute(_PUBLIC_CASE, {"code": code}).all()
    # Compare even when the case is missing, in constant time, so timing reveals no valid codes.
    expected = rows[0].lookup_code if rows else "-" * 6
    if not hmac.compare_digest(expected.encode(), key.encode()) or not rows:
        return None
    _, case_id, applicant_name, fee_due, fee_paid, *shown = rows[0][:-2]
    case = PublicCase(*shown)
    return PublicStatus(
        case=case,
        initials=initials(applicant_name),
        milestones=[
            Milestone(at, PUBLIC_MILESTONES[action])
            for *_, at, action in rows
            if action in PUBLIC_MILESTONES
        ],
        fee_outstanding=max((fee_due or 0) - fee_paid, 0),
        # Only a case with a result can have a signed one: no second query for the others.
        signed_result=result_document(case_id) if case.status in HAS_RESULT else None,
    )


def public_milestones(case: Case) -> list[Milestone]:
    """The case's history as the public may read it."""
    events = db.session.execute(
        sa.select(CaseEvent.at, CaseEvent.action)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    return [Milestone(at, PUBLIC_MILESTONES[a]) for at, a in events if a in PUBLIC_MILESTONES]
