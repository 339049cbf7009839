"""Online (level 3) submission and what the counter decides on it: accept, supplement, refuse.

Each function changes state, flushes and appends one event; the caller commits. Events (the
notification system sends messages on them): submitted_online, supplement_requested,
supplement_received, accepted, refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.calendar.workcal import to_local
from onestop.cases import sequences
from onestop.cases.errors import CaseError
from onestop.cases.events import expect_version, move, record_event
from onestop.cases.files import Upload, detect_type
from onestop.cases.intake import ApplicantData, fill_applicant, open_clock, store_uploads
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseDocument
from onestop.catalogue.model import Channel, GovernmentLevel
from onestop.catalogue.models import Procedure, UnitProcedure
from onestop.db import db
from onestop.organisation.models import Unit, UnitLevel
from onestop.portal.models import Citizen, OnlineSubmission

# Which desks receive a procedure of each level of government (two-level government since 2025).
DESK_LEVELS = {
    GovernmentLevel.COMMUNE: (UnitLevel.COMMUNE,),
    GovernmentLevel.DISTRICT: (UnitLevel.DISTRICT, UnitLevel.COMMUNE),
    GovernmentLevel.PROVINCE: (UnitLevel.PROVINCE, UnitLevel.AGENCY),
}


class AlreadySubmitted(Exception):
    """This submit form was already used; `case_id` is the case it opened."""

    def __init__(self, case_id: int) -> None:
        super().__init__(f"submission form already used for case {case_id}")
        self.case_id = case_id


@dataclass(frozen=True)
class SubmissionData:
    procedure: Procedure
    unit: Unit
    applicant: ApplicantData
    form_data: dict[str, Any]
    token: str
    uploads: list[Upload] = field(default_factory=list)
    summary: str = ""
    notify_sms: bool = False


def receiving_units(procedure: Procedure) -> list[Unit]:
    """The desks a citizen may file this procedure at: its level of government, and if any unit
    adopted the procedure, only those."""
    levels = DESK_LEVELS[GovernmentLevel(procedure.government_level)]
    query = sa.select(Unit).where(Unit.active.is_(True), Unit.level.in_(levels))
    adopters = sa.select(UnitProcedure.unit_id).where(
        UnitProcedure.procedure_id == procedure.id, UnitProcedure.active.is_(True)
    )
    if db.session.scalar(sa.select(sa.func.count()).select_from(adopters.subquery())):
        query = query.where(Unit.id.in_(adopters))
    return list(db.session.scalars(query.order_by(Unit.name)))


def new_reference(now: datetime) -> str:
    """A tracking reference, e.g. TT-260302-7KX3QH, shown until the case code is issued."""
    suffix = "".join(secrets.choice(sequences.LOOKUP_ALPHABET) for _ in range(6))
    return f"TT-{to_local(now):%y%m%d}-{suffix}"


def submission_for(case: Case) -> OnlineSubmission | None:
    return db.session.scalar(sa.select(OnlineSubmission).where(OnlineSubmission.case_id == case.id))


def _missing(procedure: Procedure, uploads: list[Upload]) -> list[int]:
    have = {u.document_position for u in uploads}
    return [i for i, d in enumerate(procedure.spec.documents) if d.required and i not in have]


def _documents_for(case: Case, positions: set[int]) -> None:
    """Make sure the case has a checklist row for each position that now has a file."""
    spec = case.procedure_version.spec
    have = {d.position for d in case.documents}
    for position in sorted(positions - have):
        doc = spec.documents[position]
        case.documents.append(
            CaseDocument(
                position=position, name=doc.name, originals=doc.originals, copies=doc.copies
            )
        )
    db.session.flush()


def submit_online(data: SubmissionData, *, citizen: Citizen, now: datetime) -> OnlineSubmission:
    """File a level-3 case: status 1 "Mới đăng ký" with its files; no code and no clock yet."""
    used = db.session.scalar(
        sa.select(OnlineSubmission.case_id).where(OnlineSubmission.submit_token == data.token)
    )
    if used is not None:
        raise AlreadySubmitted(used)
    procedure = data.procedure
    spec = procedure.spec
    if spec.online_level != 3 or spec.terms(Channel.ONLINE) is None:
        raise CaseError(_l("This procedure cannot be submitted online."))
    if data.unit not in receiving_units(procedure):
        raise CaseError(_l("Choose one of the listed units."), field="unit_id")
    if _missing(procedure, data.uploads):
        raise CaseError(_l("Attach every required document."), field="documents")
    if any(detect_type(u.data) is None for u in data.uploads):
        raise CaseError(_l("Only PDF, JPEG or PNG files are accepted."), field="documents")
    case = Case(
        lookup_code=sequences.lookup_code(),
        status=CaseStatus.NEW,
        procedure=procedure,
        procedure_version=procedure.current_version,
        receiving_unit=data.unit,
        handling_unit=data.unit,
        channel=Channel.ONLINE,
        applicant_kind=data.applicant.kind,
        applicant_name=data.applicant.name,
        applicant_id_number=data.applicant.id_number,
        applicant_phone=data.applicant.phone,
        applicant_email=data.applicant.email,
        applicant_address=data.applicant.address,
        summary=data.summary,
        notify_email=bool(data.applicant.email),
        notify_sms=data.notify_sms and bool(data.applicant.phone),
        collect_at=data.unit.desk_name or data.unit.name,
        submitted_at=now,
    )
    db.session.add(case)
    db.session.flush()
    _documents_for(
        case, {u.document_position for u in data.uploads if u.document_position is not None}
    )
    store_uploads(case, data.uploads, None)
    submission = OnlineSubmission(
        case_id=case.id,
        citizen_id=citizen.id,
        reference=new_reference(now),
        submit_token=data.token,
        form_data=data.form_data,
        submitted_at=now,
    )
    db.session.add(submission)
    db.session.flush()
    record_event(
        case,
        "submitted_online",
        actor=None,
        at=now,
        from_status=None,
        to_status=CaseStatus.NEW,
        data={"citizen_id": citizen.id, "reference": submission.reference},
    )
    return submission


def _online(case: Case, *statuses: CaseStatus) -> OnlineSubmission:
    submission = submission_for(case)
    if submission is None or case.status not in statuses:
        raise CaseError(_l("This online submission has already been decided."))
    return submission


def accept_online(case: Case, *, officer: User, now: datetime, version: int | None) -> Case:
    """Accept an online submission: case code, due date counted from now, receipt."""
    expect_version(case, version)
    _online(case, CaseStatus.NEW)
    with_files = {d.position for d in case.documents if d.files}
    spec = case.procedure_version.spec
    if any(d.required and i not in with_files for i, d in enumerate(spec.documents)):
        raise CaseError(_l("A required document is missing: ask for a supplement instead."))
    fill_applicant(
        case,
        ApplicantData(
            kind=case.applicant_kind,
            name=case.applicant_name,
            id_number=case.applicant_id_number,
            phone=case.applicant_phone,
            email=case.applicant_email,
            address=case.applicant_address,
        ),
    )
    open_clock(case, officer=officer, now=now)
    move(case, CaseStatus.ACCEPTED, "accepted", actor=officer, at=now)
    return case


def request_online_supplement(
    case: Case,
    positions: list[int],
    note: str,
    *,
    officer: User,
    now: datetime,
    version: int | None,
) -> Case:
    """Ask the citizen, online and all at once, for the documents listed (and what the note says)."""
    expect_version(case, version)
    submission = _online(case, CaseStatus.NEW)
    spec = case.procedure_version.spec
    positions = sorted({p for p in positions if 0 <= p < len(spec.documents)})
    if not positions:
        raise CaseError(_l("List at least one document to supplement."), field="positions")
    items = [{"position": p, "name": spec.documents[p].name} for p in positions]
    submission.supplement_items = items
    submission.supplement_note = note
    move(
        case,
        CaseStatus.SUPPLEMENT,
        "supplement_requested",
        actor=officer,
        at=now,
        note=note,
        data={"items": [item["name"] for item in items], "note": note},
    )
    return case


def receive_supplement(
    case: Case, uploads: list[Upload], *, citizen: Citizen, now: datetime
) -> Case:
    """Take the papers the counter asked for; the submission goes back to the counter's queue."""
    submission = _online(case, CaseStatus.SUPPLEMENT)
    if not submission.supplement_items:
        raise CaseError(_l("This case is not waiting for papers from you."))
    have = {u.document_position for u in uploads}
    if any(item["position"] not in have for item in submission.supplement_items):
        raise CaseError(_l("Attach a file for every document asked for."), field="documents")
    if any(detect_type(u.data) is None for u in uploads):
        raise CaseError(_l("Only PDF, JPEG or PNG files are accepted."), field="documents")
    _documents_for(case, {p for p in have if p is not None})
    store_uploads(case, uploads, None)
    received = [item["name"] for item in submission.supplement_items]
    submission.supplement_items = []
    move(
        case,
        CaseStatus.NEW,
        "supplement_received",
        actor=None,
        at=now,
        data={"citizen_id": citizen.id, "items": received, "files": len(uploads)},
    )
    return case


def refuse_online(
    case: Case, reason: str, *, officer: User, now: datetime, version: int | None
) -> Case:
    """Refuse an online submission with the reason the citizen will read."""
    expect_version(case, version)
    submission = _online(case, CaseStatus.NEW, CaseStatus.SUPPLEMENT)
    if not reason.strip():
        raise CaseError(_l("Give the reason for refusing."), field="reason")
    submission.refusal_reason = reason
    submission.supplement_items = []
    case.refused_at = now
    move(case, CaseStatus.REFUSED, "refused", actor=officer, at=now, note=reason)
    return case


def citizen_case_or_none(citizen: Citizen, case_id: int) -> tuple[Case, OnlineSubmission] | None:
    """The citizen's own online case, or None (also for anybody else's)."""
    submission = db.session.scalar(
        sa.select(OnlineSubmission).where(
            OnlineSubmission.case_id == case_id, OnlineSubmission.citizen_id == citizen.id
        )
    )
    return (submission.case, submission) if submission is not None else None
