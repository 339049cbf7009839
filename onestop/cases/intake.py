"""The counter's intake: accept a case (code, due date, receipt), or hand out form 02 / 03."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.calendar.service import compute_due
from onestop.cases import sequences
from onestop.cases.errors import CaseError
from onestop.cases.events import record_event
from onestop.cases.files import Upload, detect_type, display_name, write_file
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Applicant, Case, CaseDocument, CaseFile, CounterSlip, SlipKind
from onestop.catalogue.fees import FeeNotSet
from onestop.catalogue.model import ApplicantKind, Channel
from onestop.catalogue.models import Procedure
from onestop.catalogue.services import fee_for
from onestop.db import db, upsert_insert, utcnow
from onestop.organisation.models import Unit


@dataclass(frozen=True)
class ApplicantData:
    kind: ApplicantKind
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    """What was handed over for one checklist item (by its position in the procedure)."""

    position: int
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True)
class IntakeData:
    procedure: Procedure
    applicant: ApplicantData
    documents: list[ReceivedDocument]
    channel: Channel = Channel.DIRECT
    handling_unit: Unit | None = None  # a desk may receive for another unit's procedure
    uploads: list[Upload] = field(default_factory=list)
    sets: int = 1
    pages: int = 1
    copies: int = 1
    notify_email: bool = False
    notify_sms: bool = False
    collect_at: str = ""
    summary: str = ""


def missing_documents(procedure: Procedure, documents: list[ReceivedDocument]) -> list[int]:
    """Return the positions of required checklist items not handed over."""
    received = {d.position for d in documents if d.originals + d.copies > 0}
    return [
        i for i, doc in enumerate(procedure.spec.documents) if doc.required and i not in received
    ]


def accept_case(data: IntakeData, *, officer: User, now: datetime) -> Case:
    """Accept a complete dossier: issue its code, start its clock, store its documents."""
    procedure = data.procedure
    spec = procedure.spec
    if missing_documents(procedure, data.documents):
        raise CaseError(_l("Some required documents were not received."), field="documents")
    terms = spec.terms(data.channel)
    if terms is None:
        raise CaseError(_l("This procedure cannot be filed through this channel."), field="channel")
    receiving = officer.unit
    handling = data.handling_unit or receiving
    for upload in data.uploads:
        if detect_type(upload.data) is None:
            raise CaseError(_l("Only PDF, JPEG or PNG scans are accepted."), field="scans")

    case = Case(
        lookup_code=sequences.lookup_code(),
        status=CaseStatus.ACCEPTED,
        procedure=procedure,
        procedure_version=procedure.current_version,
        receiving_unit=receiving,
        handling_unit=handling,
        channel=data.channel,
        sets=data.sets,
        pages=data.pages,
        copies=data.copies,
        notify_email=data.notify_email,
        notify_sms=data.notify_sms,
        collect_at=data.collect_at or receiving.desk_name or receiving.name,
        summary=data.summary,
        submitted_at=now,
    )
    open_clock(case, officer=officer, now=now)
    fill_applicant(case, data.applicant)
    db.session.add(case)
    by_position = {d.position: d for d in data.documents}
    for position, required in enumerate(spec.documents):
        got = by_position.get(position)
        if got is None or got.originals + got.copies == 0:
            continue
        case.documents.append(
            CaseDocument(
                position=position, name=required.name, originals=got.originals, copies=got.copies
            )
        )
    db.session.flush()
    store_uploads(case, data.uploads, officer)
    record_event(
        case, "accepted", actor=officer, at=now, from_status=None, to_status=CaseStatus.ACCEPTED
    )
    return case


def open_clock(case: Case, *, officer: User, now: datetime) -> None:
    """Issue the case code and register line, compute the due date and fee: the clock starts now.

    The same for a dossier taken in at the counter and for an online submission accepted there.
    """
    terms = case.procedure_version.spec.terms(case.channel)
    if terms is None:
        raise CaseError(_l("This procedure cannot be filed through this channel."), field="channel")
    receiving, handling = case.receiving_unit, case.handling_unit
    due = compute_due(handling.office_hours, now, terms.time_limit)
    try:
        case.fee_due = fee_for(
            handling, case.procedure, case.channel, pages=case.pages, copies=case.copies
        )
    except FeeNotSet:
        case.fee_due = None
    case.register_year, case.register_line = sequences.register_line(receiving.id, now)
    case.code = sequences.case_code(receiving.code, receiving.id, now)
    case.accepted_at = now
    case.due_at = due.due_at
    case.due_explanation = [step.as_json() for step in due.explanation]
    case.received_by = officer


def fill_applicant(case: Case, data: ApplicantData) -> None:
    """Copy the applicant onto the case and remember them (by ID number) for next time."""
    values = {
        "kind": data.kind,
        "name": data.name,
        "phone": data.phone,
        "email": data.email,
        "address": data.address,
    }
    # An upsert: two desks serving the same person at once must not collide on the ID number.
    now = utcnow()
    statement = (
        upsert_insert(db.session.get_bind(), Applicant)
        .values(id_number=data.id_number, created_at=now, updated_at=now, **values)
        .on_conflict_do_update(index_elements=["id_number"], set_={**values, "updated_at": now})
        .returning(Applicant.id)
    )
    case.applicant_id = db.session.execute(statement).scalar_one()
    case.applicant_kind = data.kind
    case.applicant_name = data.name
    case.applicant_id_number = data.id_number
    case.applicant_phone = data.phone
    case.applicant_email = data.email
    case.applicant_address = data.address
    case.representative_name = data.representative_name
    case.representative_id_number = data.representative_id_number


def store_uploads(case: Case, uploads: list[Upload], officer: User | None) -> None:
    """Write checked uploads under random names and attach them to the case (and checklist item)."""
    documents = {d.position: d for d in case.documents}
    for upload in uploads:
        content_type = detect_type(upload.data)
        assert content_type is not None  # checked before anything was written
        stored_name, digest = write_file(db.session(), upload.data, upload.document_position)
        document = (
            documents.get(upload.document_position)
            if upload.document_position is not None
            else None
        )
        db.session.add(
            CaseFile(
                case_id=case.id,
                document=document,
                original_name=display_name(upload.filename),
                stored_name=stored_name,
                content_type=content_type,
                size=len(upload.data),
                sha256=digest,
                uploaded_by_id=officer.id if officer else None,
            )
        )
    db.session.flush()


def find_applicant(id_number: str) -> Applicant | None:
    """Find a returning applicant by ID number, to prefill the counter form."""
    return db.session.scalar(sa.select(Applicant).where(Applicant.id_number == id_number.strip()))


def issue_slip(
    kind: SlipKind,
    *,
    procedure: Procedure,
    applicant: ApplicantData,
    officer: User,
    now: datetime,
    items: list[dict[str, object]] | None = None,
    reason: str = "",
) -> CounterSlip:
    """Hand out form 02 (what is missing, one complete list) or 03 (refusal): no case, no clock."""
    if kind is SlipKind.SUPPLEMENT and not items:
        raise CaseError(_l("List at least one document to supplement."), field="documents")
    if kind is SlipKind.REFUSAL and not reason.strip():
        raise CaseError(_l("Give the reason for refusing."), field="reason")
    year, number = sequences.slip_number(officer.unit_id, kind.value, now)
    slip = CounterSlip(
        kind=kind,
        unit_id=officer.unit_id,
        year=year,
        number=number,
        procedure_version_id=procedure.current_version_id,
        officer_id=officer.id,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        items=items or [],
        reason=reason,
    )
    db.session.add(slip)
    db.session.flush()
    return slip
