"""Adapters from a case's step log to forms 04 (apology) and 05 (control slip)."""

from __future__ import annotations

from datetime import datetime

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent
from onestop.counter.printing import case_applicant, unit_header
from onestop.documents.data import ApologyData, ControlSlipData, ControlStep
from onestop.documents.data import StepResult as PrintedResult
from onestop.processing.models import CaseStep, StepKind, StepResult, StepState

PRINTED = {
    StepResult.EARLY: PrintedResult.EARLY,
    StepResult.ON_TIME: PrintedResult.ON_TIME,
    StepResult.LATE: PrintedResult.LATE,
}


def _place(step: CaseStep) -> str:
    return f"{step.department.name} – {step.unit.name}"


def control_slip_data(case: Case, steps: list[CaseStep]) -> ControlSlipData:
    """Form 05: one row per handoff, with that step's result against its allotment."""
    assert case.code and case.accepted_at and case.due_at
    rows = [
        ControlStep(
            from_unit=step.from_label,
            to_unit=_place(step),
            handed_over_at=step.sent_at,
            result=PRINTED[step.result] if step.result else None,
            note=step.name if step.kind is not StepKind.TRANSFER else f"Chuyển: {step.note}",
            handed_by=step.sent_by.full_name if step.sent_by else "",
            received_by=step.received_by.full_name if step.received_by else "",
        )
        for step in steps
        if step.sent_at is not None
    ]
    lead_steps = [s for s in steps if s.lead and s.state is StepState.DONE]
    if (
        case.status in (CaseStatus.RESULT_READY, CaseStatus.RETURNED)
        and lead_steps
        and case.finished_at
    ):
        last = lead_steps[-1]
        rows.append(
            ControlStep(
                from_unit=_place(last),
                to_unit=case.receiving_unit.desk_name or case.receiving_unit.name,
                handed_over_at=case.finished_at,
                note="Trả kết quả về Bộ phận Một cửa",
                handed_by=last.assignee.full_name if last.assignee else "",
            )
        )
    lead = next((s for s in steps if s.lead), None)
    cooperating = tuple(dict.fromkeys(s.unit.name for s in steps if s.kind is StepKind.PART))
    return ControlSlipData(
        case_code=case.code,
        unit=unit_header(case.receiving_unit),
        applicant=case_applicant(case),
        procedure_name=case.procedure_version.spec.name,
        received_at=case.accepted_at,
        due_at=case.due_at,
        lead_unit=_place(lead) if lead else case.handling_unit.name,
        cooperating_units=cooperating,
        steps=tuple(rows),
    )


def apology_data(case: Case, event: CaseEvent) -> ApologyData:
    """Form 04 from the apology event: the old and new dates and the reason, as recorded."""
    assert case.code and case.accepted_at
    head = event.actor
    return ApologyData(
        number=f"{event.id}/PXL",
        issued_at=event.at,
        unit=unit_header(case.handling_unit),
        addressee=case_applicant(case),
        procedure_name=case.procedure_version.spec.name,
        case_code=case.code,
        received_at=case.accepted_at,
        original_due_at=datetime.fromisoformat(event.data["old_due"]),
        delay_reason=event.data.get("reason", event.note),
        new_due_at=datetime.fromisoformat(event.data["new_due"]),
        head_name=head.full_name if head else "",
        head_title="TRƯỞNG PHÒNG" if head and head.department else "THỦ TRƯỞNG ĐƠN VỊ",
        issuing_body=case.handling_unit.name,
    )
