"""What the public may see of a case: no personal data beyond initials, milestones in plain words."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent
from onestop.catalogue.models import ProcedureVersion
from onestop.db import db, read_rows
from onestop.organisation.models import Unit
from onestop.signing.issue import latest_result_id
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
    label: str  # in the request's language


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
class PublicSignature:
    """Who signed a case's result document, and when: what the public may know of it."""

    signer_name: str
    signed_at: datetime
    timestamped: bool


@dataclass(frozen=True)
class PublicStatus:
    case: PublicCase
    initials: str
    milestones: list[Milestone]
    fee_outstanding: int
    signed_result: PublicSignature | None = None  # the result's digital signature, if it has one

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


# The newest signed result of the case, if any (a countersignature is a newer row).
_RESULT_SIGNATURE = latest_result_id(Case.id).correlate(Case)

# The public page is the busiest page of the site (every receipt's QR code opens it): one
# statement, built once, reads exactly what the page shows, without loading the case, its unit
# or the procedure version's whole specification. It runs outside any transaction
# (onestop.db.read_rows): one round trip to the database.
# The case's public facts and its result's signature, worked out once (MATERIALIZED: the
# procedure's code and name come out of the version's JSON once, not once per history row)...
_PUBLIC_FACTS = (
    sa.select(
        Case.id,
        Case.code,
        Case.lookup_code,
        Case.applicant_name,
        Case.fee_due,
        Case.fee_paid,
        ProcedureVersion.data["code"].as_string().label("procedure_code"),
        ProcedureVersion.data["name"].as_string().label("procedure_name"),
        Case.status,
        Case.accepted_at,
        Case.due_at,
        Unit.name.label("handling_unit"),
        Case.collect_at,
        SignedDocument.signer_name,
        SignedDocument.signed_at,
        SignedDocument.timestamped,
    )
    .join(ProcedureVersion, ProcedureVersion.id == Case.procedure_version_id)
    .join(Unit, Unit.id == Case.handling_unit_id)
    .outerjoin(SignedDocument, SignedDocument.id == _RESULT_SIGNATURE)
    .where(Case.code == sa.bindparam("code"))
    .cte("public_case")
    .prefix_with("MATERIALIZED")
)
# ...then its history, one row per event.
_PUBLIC_CASE = (
    sa.select(_PUBLIC_FACTS, CaseEvent.at, CaseEvent.action)
    .outerjoin(CaseEvent, CaseEvent.case_id == _PUBLIC_FACTS.c.id)
    .order_by(CaseEvent.at, CaseEvent.id)
)


def find_public_status(code: str, key: str) -> PublicStatus | None:
    """Return the case's public view only if the lookup code matches; None tells nothing about why."""
    code, key = code.strip().upper(), key.strip().upper()
    if not code or not key or len(code) > 40 or len(key) > 12:
        return None
    rows = read_rows(_PUBLIC_CASE, {"code": code})
    # Compare even when the case is missing, in constant time, so timing reveals no valid codes.
    expected = rows[0].lookup_code if rows else "-" * 6
    if not hmac.compare_digest(expected.encode(), key.encode()) or not rows:
        return None
    first = rows[0]
    case = PublicCase(
        code=first.code,
        procedure_code=first.procedure_code,
        procedure_name=first.procedure_name,
        status=first.status,
        accepted_at=first.accepted_at,
        due_at=first.due_at,
        handling_unit=first.handling_unit,
        collect_at=first.collect_at,
    )
    return PublicStatus(
        case=case,
        initials=initials(first.applicant_name),
        milestones=_public(rows),
        fee_outstanding=max((first.fee_due or 0) - first.fee_paid, 0),
        signed_result=(
            PublicSignature(first.signer_name, first.signed_at, first.timestamped)
            if first.signer_name is not None and case.status in HAS_RESULT
            else None
        ),
    )


def public_milestones(case: Case) -> list[Milestone]:
    """The case's history as the public may read it."""
    return _public(
        db.session.execute(
            sa.select(CaseEvent.at, CaseEvent.action)
            .where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.at, CaseEvent.id)
        ).all()
    )


def _public(events: Sequence[Any]) -> list[Milestone]:
    """Keep the events the public may see (rows with `at` and `action`), in their words."""
    return [
        Milestone(e.at, str(PUBLIC_MILESTONES[e.action]))
        for e in events
        if e.action in PUBLIC_MILESTONES
    ]
