"""Online submission (level 3): the e-form, then the documents with a review, then submit."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter.util import get_remote_address
from flask_login import current_user

from onestop.cases.errors import CaseError
from onestop.cases.files import StorageError, Upload
from onestop.cases.intake import ApplicantData
from onestop.catalogue.model import ApplicantKind, Channel, ProcedureSpec
from onestop.catalogue.models import Procedure
from onestop.counter.forms import normalise_id, normalise_phone
from onestop.counter.uploads import read_files, scan_limit
from onestop.db import db, utcnow
from onestop.extensions import limiter
from onestop.forms import Form, add_error, choices
from onestop.portal.auth import citizen_required
from onestop.portal.forms import SubmissionForm, documents_form, eform_for, eform_values
from onestop.portal.models import OnlineSubmission
from onestop.portal.submissions import (
    AlreadySubmitted,
    SubmissionData,
    receiving_units,
    submit_online,
)
from onestop.portal.views import bp


def _procedure_or_404(code: str) -> Procedure:
    procedure = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == code, Procedure.active.is_(True))
    )
    if procedure is None or procedure.current_version is None:
        abort(404)
    return procedure


def _forms(procedure: Procedure) -> tuple[SubmissionForm, Form]:
    form = SubmissionForm()
    form.unit_id.choices = choices((u.id, u.name) for u in receiving_units(procedure))
    return form, eform_for(procedure.spec)


def read_documents(docs: Form, spec: ProcedureSpec, required: list[int]) -> list[Upload] | None:
    """Read each document's files (type by content, size) and require those in `required`.

    A file part that never arrived (an interrupted upload) counts as missing: nothing is kept.
    """
    limit = scan_limit()
    uploads: list[Upload] = []
    ok = True
    for field in docs:
        position = int(field.short_name.removeprefix("doc_"))
        before = len(uploads)
        ok = read_files(field, position, limit, uploads) and ok
        if position in required and len(uploads) == before and not field.errors:
            add_error(field, gettext("Attach this document (PDF, JPEG or PNG)."))
            ok = False
    return uploads if ok else None


def _carried_fields() -> list[tuple[str, str]]:
    """The typed answers, carried as hidden fields from the e-form step to the review step."""
    return [
        (name, value)
        for name in request.form
        if name not in {"csrf_token", "action"}
        for value in request.form.getlist(name)
    ]


def _unit_name(field: Any) -> str:
    return next((str(c.label) for c in field.choices if c.value == field.data), "")


def _shown(field: Any) -> Any:
    """A field's answer as the review step states it."""
    if field.name == "unit_id":
        return _unit_name(field)
    if field.type == "BooleanField":
        return gettext("Yes") if field.data else gettext("No")
    return field.data


def _summary(form: SubmissionForm, eform: Form) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        (str(f.label.text), _shown(f)) for f in form if f.name not in {"token", "csrf_token"}
    ]
    rows += [(str(f.label.text), f.data) for f in eform]
    return rows


def _submit_rate_limit() -> str:
    return str(current_app.config["SUBMIT_RATE_LIMIT"])


def _citizen_key() -> str:
    """Count a signed-in citizen's posts by account (every message they ask for costs the
    province: an SMS to the number typed in the form), a visitor's by address."""
    if current_user.is_authenticated:
        return f"citizen:{current_user.get_id()}"
    return get_remote_address()


@bp.route("/portal/submit/<code>", methods=["GET", "POST"])
@limiter.limit(_submit_rate_limit, methods=["POST"], key_func=_citizen_key)
@citizen_required
def submit(code: str) -> ResponseReturnValue:
    """Fill in the e-form, attach the documents, review, submit; level 2 offers the forms only."""
    procedure = _procedure_or_404(code)
    spec = procedure.spec
    if spec.online_level != 3 or spec.terms(Channel.ONLINE) is None:
        return render_template("portal/level2.html", spec=spec)
    form, eform = _forms(procedure)
    if request.method == "GET":
        form.token.data = secrets.token_urlsafe(24)
        form.name.data = current_user.full_name
        form.email.data = current_user.email
        form.phone.data = current_user.phone or ""
        return _step_one(spec, form, eform)
    action = request.form.get("action", "review")
    valid = form.validate() & eform.validate()
    if not form.token.data:
        abort(400)
    if action == "edit" or not valid:
        return _step_one(spec, form, eform, 200 if action == "edit" else 400)
    docs = documents_form(spec)
    if action == "review":
        return _review(spec, form, eform, docs)
    required = [i for i, d in enumerate(spec.documents) if d.required]
    uploads = read_documents(docs, spec, required)
    if uploads is None:
        return _review(spec, form, eform, docs, 400)
    unit = next(u for u in receiving_units(procedure) if u.id == form.unit_id.data)
    data = SubmissionData(
        procedure=procedure,
        unit=unit,
        applicant=ApplicantData(
            kind=ApplicantKind.CITIZEN,
            name=form.name.data,
            id_number=normalise_id(form.id_number.data),
            phone=normalise_phone(form.phone.data),
            email=form.email.data or "",
            address=form.address.data,
        ),
        form_data=eform_values(eform),
        token=form.token.data,
        uploads=uploads,
        summary=form.summary.data or "",
        notify_sms=bool(form.notify_sms.data),
    )
    try:
        submission = submit_online(data, citizen=current_user, now=utcnow())
        db.session.commit()
    except AlreadySubmitted as used:
        db.session.rollback()
        return _already(used.case_id)
    except sa.exc.IntegrityError:
        # The same form submitted twice at once: the other request won the token.
        db.session.rollback()
        case_id = db.session.scalar(
            sa.select(OnlineSubmission.case_id).where(
                OnlineSubmission.submit_token == form.token.data
            )
        )
        if case_id is None:
            raise
        return _already(case_id)
    except CaseError as error:
        db.session.rollback()
        position = error.position if isinstance(error, StorageError) else None
        if position is not None and f"doc_{position}" in docs:
            add_error(docs[f"doc_{position}"], str(error.message))
        else:
            docs.form_errors.append(str(error.message))
        return _review(spec, form, eform, docs, 400)
    flash(
        gettext(
            "Your dossier was submitted. Tracking reference: %(ref)s. The one-stop desk will "
            "check it and answer you here and by email.",
            ref=submission.reference,
        ),
        "success",
    )
    return redirect(url_for("portal.case", case_id=submission.case_id))


def _already(case_id: int) -> ResponseReturnValue:
    flash(gettext("This dossier was already submitted; here it is."), "info")
    return redirect(url_for("portal.case", case_id=case_id))


def _step_one(
    spec: ProcedureSpec, form: SubmissionForm, eform: Form, status: int = 200
) -> ResponseReturnValue:
    return render_template("portal/submit.html", spec=spec, form=form, eform=eform), status


def _review(
    spec: ProcedureSpec, form: SubmissionForm, eform: Form, docs: Form, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "portal/submit_review.html",
        spec=spec,
        form=form,
        docs=docs,
        summary=_summary(form, eform),
        carried=_carried_fields(),
        scan_limit_mb=f"{scan_limit() / 1048576:g}",
        invalid=status == 400,
    ), status
