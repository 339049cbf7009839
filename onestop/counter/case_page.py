"""The staff case page: data, documents and scans, due date and how it was computed, history."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from onestop.accounts.models import Role
from onestop.accounts.permissions import unit_in_scope
from onestop.calendar.explain import describe_steps
from onestop.cases.files import stored_path
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseFile, CaseRating
from onestop.counter import bp
from onestop.counter.access import case_or_404
from onestop.counter.forms import RatingForm, ReturnForm
from onestop.counter.labels import (
    ACTION_LABELS,
    APPLICANT_KIND_LABELS,
    CHANNEL_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
)
from onestop.counter.pdf import pdf_response
from onestop.counter.printing import issued_receipt, processing_time_text
from onestop.db import db, utcnow
from onestop.processing.labels import RESULT_LABELS, STATE_LABELS
from onestop.processing.panel import Submitted, panel
from onestop.signing.issue import signed_documents_of
from onestop.signing.labels import KIND_LABELS
from onestop.signing.models import SignedDocument


def render_case(
    case: Case,
    *,
    return_form: ReturnForm | None = None,
    rating_form: RatingForm | None = None,
    submitted: Submitted | None = None,
    status: int | None = None,
) -> ResponseReturnValue:
    """Render the case page; the return and rating forms appear when the counter may use them."""
    at_desk = current_user.has_role(Role.COUNTER_OFFICER) and unit_in_scope(
        current_user, case.receiving_unit
    )
    rating = db.session.scalar(sa.select(CaseRating).where(CaseRating.case_id == case.id))
    if at_desk and case.status is CaseStatus.RESULT_READY and return_form is None:
        outstanding = max((case.fee_due or 0) - case.fee_paid, 0)
        return_form = ReturnForm(
            formdata=None,
            version=case.version,
            collector_name=case.applicant_name,
            collector_id_number=case.applicant_id_number,
            fee_paid=outstanding,
        )
    if at_desk and case.status is CaseStatus.RETURNED and rating is None and rating_form is None:
        rating_form = RatingForm(formdata=None)
    loose_files = db.session.scalars(
        sa.select(CaseFile)
        .where(CaseFile.case_id == case.id, CaseFile.document_id.is_(None))
        .order_by(CaseFile.id)
    ).all()
    return render_template(
        "counter/case.html",
        case=case,
        spec=case.procedure_version.spec,
        loose_files=loose_files,
        due_steps=describe_steps(case.due_explanation or []),
        time_limit=processing_time_text(case),
        rating=rating,
        return_form=return_form if case.status is CaseStatus.RESULT_READY else None,
        rating_form=rating_form if rating is None else None,
        status_labels=STATUS_LABELS,
        action_labels=ACTION_LABELS,
        kind_labels=APPLICANT_KIND_LABELS,
        channel_labels=CHANNEL_LABELS,
        satisfaction_labels=SATISFACTION_LABELS,
        processing=panel(case, current_user, utcnow(), submitted),
        step_states=STATE_LABELS,
        signed_documents=signed_documents_of(case),
        document_kinds=KIND_LABELS,
        step_results=RESULT_LABELS,
    ), status or (422 if submitted else 200)


@bp.get("/cases/<int:case_id>")
@login_required
def case(case_id: int) -> ResponseReturnValue:
    """Show everything about a case to staff of its receiving or handling unit."""
    return render_case(case_or_404(current_user, case_id))


@bp.get("/cases/<int:case_id>/receipt.pdf")
@login_required
def receipt(case_id: int) -> ResponseReturnValue:
    """Print form 01 (both copies) from the case as stored."""
    case = case_or_404(current_user, case_id)
    if case.code is None or case.accepted_at is None:
        abort(404)
    pdf = issued_receipt(case)
    db.session.commit()  # a signed copy is recorded
    return pdf_response(pdf, f"giay-tiep-nhan-{case.code}.pdf")


@bp.get("/cases/<int:case_id>/signed/<int:document_id>.pdf")
@login_required
def signed_document(case_id: int, document_id: int) -> ResponseReturnValue:
    """Download a signed document of the case exactly as it was issued."""
    case = case_or_404(current_user, case_id)
    document = db.session.get(SignedDocument, document_id)
    if document is None or document.case_id != case.id:
        abort(404)
    name = f"{document.kind.value}-{case.code}-{document.id}.pdf"
    return _send_stored(document.stored_name, "application/pdf", name)


@bp.get("/cases/<int:case_id>/files/<int:file_id>")
@login_required
def scan(case_id: int, file_id: int) -> ResponseReturnValue:
    """Download a scan under its original (Vietnamese) name."""
    case = case_or_404(current_user, case_id)
    stored = db.session.get(CaseFile, file_id)
    if stored is None or stored.case_id != case.id:
        abort(404)
    return _send_stored(stored.stored_name, stored.content_type, stored.original_name)


def _send_stored(stored_name: str, mimetype: str, download_name: str) -> ResponseReturnValue:
    """Offer a stored file for download; 404 if it is gone from the disk."""
    path = stored_path(stored_name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=download_name)
