"""Forms 04 and 05 of a case, printed from its history."""

from __future__ import annotations

from flask import abort
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from onestop.counter.access import case_or_404
from onestop.counter.pdf import pdf_response
from onestop.db import db
from onestop.documents.apology import apology_form
from onestop.documents.control_slip import control_slip_form
from onestop.processing.common import steps_of
from onestop.processing.lateness import apology_of
from onestop.processing.printing import apology_data, control_slip_data
from onestop.processing.web import bp
from onestop.signing.issue import issue_form
from onestop.signing.models import DocumentKind


@bp.get("/cases/<int:case_id>/control-slip.pdf")
@login_required
def control_slip(case_id: int) -> ResponseReturnValue:
    """Print form 05 from the step log."""
    case = case_or_404(current_user, case_id)
    steps = steps_of(case)
    if not steps:
        abort(404)
    pdf = issue_form(
        control_slip_form(control_slip_data(case, steps)),
        kind=DocumentKind.CONTROL_SLIP,
        unit=case.receiving_unit,
        reference=case.code or "",
        case=case,
    )
    db.session.commit()  # a signed copy is recorded
    return pdf_response(pdf, f"phieu-kiem-soat-{case.code}.pdf")


@bp.get("/cases/<int:case_id>/apology.pdf")
@login_required
def apology(case_id: int) -> ResponseReturnValue:
    """Print form 04 from the case's one apology."""
    case = case_or_404(current_user, case_id)
    event = apology_of(case)
    if event is None:
        abort(404)
    pdf = issue_form(
        apology_form(apology_data(case, event)),
        kind=DocumentKind.APOLOGY,
        unit=case.handling_unit,
        reference=case.code or "",
        case=case,
    )
    db.session.commit()  # a signed copy is recorded
    return pdf_response(pdf, f"phieu-xin-loi-{case.code}.pdf")
