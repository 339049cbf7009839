"""Adapters from cases and slips to the printed forms (01, 02, 03, 06), and the forms as issued."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from flask import current_app
from flask_babel import force_locale

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CounterSlip, SlipKind
from onestop.catalogue.display import describe_time_limit
from onestop.documents.data import (
    Applicant,
    DocumentLine,
    ReceiptData,
    RefusalData,
    RegisterData,
    RegisterRow,
    SupplementData,
    SupplementItem,
    UnitHeader,
)
from onestop.documents.receipt import receipt_form
from onestop.documents.refusal import refusal_form
from onestop.documents.supplement import supplement_form
from onestop.organisation.models import Unit
from onestop.signing.issue import issue_form
from onestop.signing.models import DocumentKind

# Printed in the register's note column; other outcomes need no note.
REGISTER_NOTES = {
    CaseStatus.REFUSED: "Không được tiếp nhận",
    CaseStatus.WITHDRAWN: "Công dân rút hồ sơ",
    CaseStatus.STOPPED: "Dừng xử lý",
    CaseStatus.SUPPLEMENT: "Đang chờ bổ sung",
}


def unit_header(unit: Unit) -> UnitHeader:
    """The unit as printed at the top left of every form."""
    return UnitHeader(
        unit_name=unit.name,
        parent_unit_name=unit.parent.name if unit.parent else "",
        place_name=unit.place_name or unit.name,
    )


def help_contact(unit: Unit) -> str:
    """Where the applicant can ask for help: the desk, its address and phone."""
    parts = [unit.desk_name or unit.name, unit.desk_address]
    if unit.desk_phone:
        parts.append(f"điện thoại {unit.desk_phone}")
    return ", ".join(part for part in parts if part)


def lookup_url(base_url: str, case: Case) -> str:
    """The public status page of a case, with its code and lookup key (encoded in the QR)."""
    query = urlencode({"code": case.code or "", "key": case.lookup_code})
    return f"{base_url.rstrip('/')}/lookup?{query}"


def case_applicant(case: Case) -> Applicant:
    return Applicant(
        name=case.applicant_name,
        address=case.applicant_address,
        phone=case.applicant_phone,
        email=case.applicant_email,
        id_number=case.applicant_id_number,
    )


def processing_time_text(case: Case) -> str:
    """The legal time limit of the case's procedure version and channel, in Vietnamese."""
    terms = case.procedure_version.spec.terms(case.channel)
    if terms is None:
        return ""
    with force_locale("vi"):
        return describe_time_limit(terms.time_limit)


def receipt_data(case: Case, *, base_url: str) -> ReceiptData:
    """Form 01 for an accepted case."""
    assert case.code and case.accepted_at and case.due_at, "only accepted cases have a receipt"
    return ReceiptData(
        case_code=case.code,
        lookup_url=lookup_url(base_url, case),
        unit=unit_header(case.receiving_unit),
        applicant=case_applicant(case),
        procedure_name=case.procedure_version.spec.name,
        documents=tuple(
            DocumentLine(d.name, originals=d.originals, copies=d.copies) for d in case.documents
        ),
        sets=case.sets,
        processing_time_text=processing_time_text(case),
        received_at=case.accepted_at,
        due_at=case.due_at,
        collect_at=case.collect_at,
        register_book=str(case.register_year or ""),
        register_line=str(case.register_line or ""),
        officer_name=case.received_by.full_name if case.received_by else "",
        lookup_code=case.lookup_code,
    )


def _slip_applicant(slip: CounterSlip) -> Applicant:
    return Applicant(
        name=slip.applicant_name,
        address=slip.applicant_address,
        phone=slip.applicant_phone,
        email=slip.applicant_email,
        id_number=slip.applicant_id_number,
    )


def slip_number(slip: CounterSlip, suffix: str) -> str:
    return f"{slip.number:02d}/{slip.year}/{suffix}"


def supplement_data(slip: CounterSlip) -> SupplementData:
    """Form 02 from a supplement slip: the one complete list of what is missing."""
    return SupplementData(
        number=slip_number(slip, "PBS"),
        issued_at=slip.created_at,
        unit=unit_header(slip.unit),
        applicant=_slip_applicant(slip),
        procedure_name=slip.procedure_version.spec.name,
        items=tuple(
            SupplementItem(
                name=str(item["name"]),
                originals=int(item.get("originals", 0)),
                certified_copies=int(item.get("copies", 0)),
            )
            for item in slip.items
        ),
        reason=slip.reason or "Hồ sơ chưa đủ thành phần theo quy định.",
        help_contact=help_contact(slip.unit),
        officer_name=slip.officer.full_name,
    )


def refusal_data(slip: CounterSlip) -> RefusalData:
    """Form 03 from a refusal slip: the reasons, one per line."""
    reasons = tuple(line.strip() for line in slip.reason.splitlines() if line.strip())
    return RefusalData(
        number=slip_number(slip, "PTC"),
        issued_at=slip.created_at,
        unit=unit_header(slip.unit),
        applicant=_slip_applicant(slip),
        procedure_name=slip.procedure_version.spec.name,
        reasons=reasons,
        help_contact=help_contact(slip.unit),
        officer_name=slip.officer.full_name,
    )


def issued_receipt(case: Case) -> bytes:
    """Form 01 as handed out: signed by the receiving unit when it holds a certificate.

    The caller commits: a signed copy is recorded.
    """
    data = receipt_data(case, base_url=current_app.config["PUBLIC_BASE_URL"])
    return issue_form(
        receipt_form(data),
        kind=DocumentKind.RECEIPT,
        unit=case.receiving_unit,
        reference=case.code or "",
        case=case,
    )


def issued_slip(slip: CounterSlip) -> bytes:
    """Form 02 or 03 as handed out: signed by the desk's unit when it holds a certificate."""
    if slip.kind is SlipKind.SUPPLEMENT:
        supplement = supplement_data(slip)
        rendered, kind, number = (
            supplement_form(supplement),
            DocumentKind.SUPPLEMENT,
            supplement.number,
        )
    else:
        refusal = refusal_data(slip)
        rendered, kind, number = refusal_form(refusal), DocumentKind.REFUSAL, refusal.number
    return issue_form(rendered, kind=kind, unit=slip.unit, reference=number, slip=slip)


def register_row(case: Case) -> RegisterRow:
    """One line of form 06; the transfer and result times are read from the case's history."""
    assert case.accepted_at and case.due_at and case.code
    transferred = next((e.at for e in case.events if e.to_status is CaseStatus.IN_PROGRESS), None)
    result = next((e.at for e in case.events if e.to_status is CaseStatus.RESULT_READY), None)
    return RegisterRow(
        number=case.register_line or 0,
        case_code=case.code,
        procedure_name=case.procedure_version.spec.name,
        sets=case.sets,
        applicant_name=case.applicant_name,
        applicant_address=case.applicant_address,
        applicant_phone=case.applicant_phone,
        lead_unit=case.handling_unit.name,
        received_at=case.accepted_at,
        due_at=case.due_at,
        transferred_at=transferred,
        result_received_at=result,
        returned_at=case.returned_at,
        note=REGISTER_NOTES.get(case.status, ""),
    )


def register_data(unit: Unit, start: date, end: date, cases: Iterable[Case]) -> RegisterData:
    """Form 06 of a unit for a date range."""
    years = sorted({start.year, end.year})
    return RegisterData(
        unit=unit_header(unit),
        period_start=start,
        period_end=end,
        rows=tuple(register_row(case) for case in cases),
        book_number="–".join(str(y) for y in years),
    )
