"""A citizen's own cases: the list, one case with its exchange with the desk, receipt, rating."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.cases.errors import CaseError
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseRating
from onestop.cases.returns import rate_case
from onestop.counter.labels import SATISFACTION_LABELS, STATUS_LABELS
from onestop.counter.pdf import pdf_response
from onestop.counter.printing import issued_receipt, lookup_url
from onestop.counter.uploads import scan_limit
from onestop.db import db, utcnow
from onestop.forms import Form
from onestop.portal.auth import citizen_required
from onestop.portal.forms import CitizenRatingForm, SupplementUploadForm, documents_form
from onestop.portal.models import OnlineSubmission
from onestop.portal.status import public_milestones
from onestop.portal.submissions import citizen_case_or_none, receive_supplement
from onestop.portal.submit import read_documents
from onestop.portal.views import bp
from onestop.signing.issue import result_document


@bp.get("/portal/cases")
@citizen_required
def my_cases() -> ResponseReturnValue:
    """List the citizen's online submissions, newest first."""
    submissions = db.session.scalars(
        sa.select(OnlineSubmission)
        .where(OnlineSubmission.citizen_id == current_user.id)
        .order_by(OnlineSubmission.submitted_at.desc(), OnlineSubmission.id.desc())
    ).all()
    return render_template(
        "portal/my_cases.html", submissions=submissions, status_labels=STATUS_LABELS
    )


def _own_case(case_id: int) -> tuple[Case, OnlineSubmission]:
    found = citizen_case_or_none(current_user, case_id)
    if found is None:
        abort(404)  # not 403: ids must not be probed
    return found


def _page(
    case: Case,
    submission: OnlineSubmission,
    *,
    upload: Form | None = None,
    rating_form: CitizenRatingForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    spec = case.procedure_version.spec
    rating = db.session.scalar(sa.select(CaseRating).where(CaseRating.case_id == case.id))
    waiting = case.status is CaseStatus.SUPPLEMENT and bool(submission.supplement_items)
    if waiting and upload is None:
        upload = documents_form(spec, [item["position"] for item in submission.supplement_items])
    if case.status is CaseStatus.RETURNED and rating is None and rating_form is None:
        rating_form = CitizenRatingForm(formdata=None)
    labels = {f.name: f.label for f in spec.eform}
    return render_template(
        "portal/case.html",
        case=case,
        spec=spec,
        submission=submission,
        answers=[(labels.get(k, k), v) for k, v in submission.form_data.items()],
        milestones=public_milestones(case),
        status_labels=STATUS_LABELS,
        satisfaction_labels=SATISFACTION_LABELS,
        lookup=lookup_url(current_app.config["PUBLIC_BASE_URL"], case) if case.code else None,
        upload=upload if waiting else None,
        upload_csrf=SupplementUploadForm(),
        rating=rating,
        rating_form=rating_form if rating is None and case.status is CaseStatus.RETURNED else None,
        fee_outstanding=max((case.fee_due or 0) - case.fee_paid, 0),
        signed_result=result_document(case.id),
        scan_limit_mb=f"{scan_limit() / 1048576:g}",
    ), status


@bp.get("/portal/cases/<int:case_id>")
@citizen_required
def case(case_id: int) -> ResponseReturnValue:
    """Show one of the citizen's cases: where it stands, what the desk asked, the receipt."""
    return _page(*_own_case(case_id))


@bp.post("/portal/cases/<int:case_id>/supplement")
@citizen_required
def supplement(case_id: int) -> ResponseReturnValue:
    """Upload the papers the desk asked for; the case goes back to the desk's queue."""
    case, submission = _own_case(case_id)
    if not (case.status is CaseStatus.SUPPLEMENT and submission.supplement_items):
        flash(gettext("This case is not waiting for papers from you."), "info")
        return redirect(url_for("portal.case", case_id=case_id))
    csrf = SupplementUploadForm()
    positions = [item["position"] for item in submission.supplement_items]
    docs = documents_form(case.procedure_version.spec, positions)
    if not csrf.validate():
        abort(400)
    uploads = read_documents(docs, case.procedure_version.spec, positions)
    if uploads is None:
        return _page(case, submission, upload=docs, status=400)
    try:
        receive_supplement(case, uploads, citizen=current_user, now=utcnow())
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("portal.case", case_id=case_id))
    flash(gettext("Thank you: the papers were sent to the one-stop desk."), "success")
    return redirect(url_for("portal.case", case_id=case_id))


@bp.get("/portal/cases/<int:case_id>/receipt.pdf")
@citizen_required
def receipt(case_id: int) -> ResponseReturnValue:
    """The receipt (form 01) of an accepted online case."""
    case, _ = _own_case(case_id)
    if case.code is None or case.accepted_at is None:
        abort(404)
    pdf = issued_receipt(case)
    db.session.commit()  # a signed copy is recorded
    return pdf_response(pdf, f"giay-tiep-nhan-{case.code}.pdf")


@bp.post("/portal/cases/<int:case_id>/rating")
@citizen_required
def rate(case_id: int) -> ResponseReturnValue:
    """Rate the handling of the case, once, after the result was returned."""
    case, submission = _own_case(case_id)
    form = CitizenRatingForm()
    if not form.validate():
        return _page(case, submission, rating_form=form, status=400)
    try:
        rate_case(case, form.satisfaction, form.comment.data or "", via="online")
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("portal.case", case_id=case_id))
    db.session.commit()
    flash(gettext("Thank you: your rating was recorded."), "success")
    return redirect(url_for("portal.case", case_id=case_id))
