"""Intake screen: find the procedure, fill in the dossier, then accept, ask to supplement or refuse."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from wtforms import Field

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.errors import CaseError
from onestop.cases.files import StorageError
from onestop.cases.intake import find_applicant, issue_slip
from onestop.cases.models import SlipKind
from onestop.catalogue.model import Channel
from onestop.catalogue.models import Procedure
from onestop.counter import bp
from onestop.counter.forms import IntakeForm, intake_form, normalise_id
from onestop.counter.labels import CHANNEL_LABELS
from onestop.counter.preview import due_preview
from onestop.counter.services import AlreadyAccepted, accept_once, new_intake_token
from onestop.counter.uploads import collect_uploads, scan_limit
from onestop.db import db, utcnow
from onestop.forms import add_error
from onestop.text import fold

SEARCH_LIMIT = 30
ACTIONS = ("find", "preview", "accept", "incomplete", "refuse")


@bp.get("/counter/intake")
@role_required(Role.COUNTER_OFFICER)
def intake() -> ResponseReturnValue:
    """Find the procedure by part of its name or code, with or without diacritics."""
    q = request.args.get("q", "").strip()
    procedures: list[Procedure] = []
    if q:
        query = sa.select(Procedure).where(Procedure.active.is_(True))
        for word in fold(q).split()[:8]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(
                sa.or_(
                    Procedure.search_text.like(f"%{escaped}%", escape="\\"),
                    sa.func.lower(Procedure.code).like(f"%{escaped}%", escape="\\"),
                )
            )
        procedures = list(
            db.session.scalars(query.order_by(Procedure.name).limit(SEARCH_LIMIT)).all()
        )
    return render_template("counter/intake_search.html", q=q, procedures=procedures)


def _procedure_or_404(code: str) -> Procedure:
    procedure = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == code, Procedure.active.is_(True))
    )
    if procedure is None or procedure.current_version is None:
        abort(404)
    return procedure


def _page(procedure: Procedure, form: IntakeForm, status: int = 200) -> ResponseReturnValue:
    """Render the form with the due date and fee the case would get if accepted now."""
    channel = (
        Channel(form.channel.data)
        if form.channel.data in {c.value for c in Channel}
        else Channel.DIRECT
    )
    preview = due_preview(
        procedure,
        channel,
        current_user.unit,
        utcnow(),
        pages=form.pages.data if isinstance(form.pages.data, int) else 1,
        copies=form.copies.data if isinstance(form.copies.data, int) else 1,
    )
    files_lost = request.method == "POST" and any(
        getattr(f, "filename", "") for f in request.files.values()
    )
    return render_template(
        "counter/intake_form.html",
        procedure=procedure,
        spec=procedure.spec,
        form=form,
        preview=preview,
        channel_label=CHANNEL_LABELS[channel],
        files_lost=files_lost,
        invalid=status == 400,
        scan_limit_mb=f"{scan_limit() / 1048576:g}",
    ), status


@bp.route("/counter/intake/<code>", methods=["GET", "POST"])
@role_required(Role.COUNTER_OFFICER)
def intake_form_page(code: str) -> ResponseReturnValue:
    """Show the intake form; on POST run the button pressed (find, preview, accept, 02, 03)."""
    procedure = _procedure_or_404(code)
    spec = procedure.spec
    form = intake_form(spec)
    if request.method == "GET":
        form.token.data = new_intake_token()
        return _page(procedure, form)
    if not form.token.data:
        form.token.data = new_intake_token()
    action = request.form.get("action", "preview")
    if action not in ACTIONS:
        abort(400)
    if action == "find":
        return _find(procedure, form)
    formats_ok = form.validate()
    if action == "preview":
        ok = form.check_applicant(full=True) & form.check_counts() & form.check_complete(spec)
        if formats_ok and ok:
            flash(
                gettext("The dossier is complete. Check the due date below, then accept."), "info"
            )
        return _page(procedure, form, 200 if formats_ok and ok else 400)
    if action == "accept":
        return _accept(procedure, form, formats_ok)
    return _slip(procedure, form, formats_ok, action)


def _find(procedure: Procedure, form: IntakeForm) -> ResponseReturnValue:
    """Reload the form with the stored applicant of this ID number."""
    id_number = normalise_id(form.id_number.data)
    applicant = find_applicant(id_number) if id_number else None
    if applicant is None:
        add_error(
            form.id_number, gettext("No earlier applicant with this number: enter the details.")
        )
    else:
        form.fill_applicant(applicant)
        flash(gettext("Returning applicant found: check the details."), "info")
    return _page(procedure, form)


def _accept(procedure: Procedure, form: IntakeForm, formats_ok: bool) -> ResponseReturnValue:
    ok = form.check_applicant(full=True) & form.check_counts() & form.check_complete(procedure.spec)
    uploads = collect_uploads(form)
    if not (formats_ok and ok) or uploads is None:
        return _page(procedure, form, 400)
    try:
        case = accept_once(
            form.token.data,
            form.intake_data(procedure, uploads),
            officer=current_user,
            now=utcnow(),
        )
    except AlreadyAccepted as used:
        db.session.rollback()
        if used.case_id is None:
            abort(409)
        flash(gettext("This dossier was already accepted."), "info")
        return redirect(url_for("counter.case", case_id=used.case_id))
    except CaseError as error:
        db.session.rollback()
        add_error(_field_for(form, error), str(error.message))
        return _page(procedure, form, 400)
    # Read before the commit expires them: reading them after would need the database again.
    case_id, code = case.id, case.code
    db.session.commit()
    flash(gettext("Case %(code)s accepted. Print the receipt.", code=code), "success")
    return redirect(url_for("counter.case", case_id=case_id))


def _field_for(form: IntakeForm, error: CaseError) -> Field:
    """The field a service error is shown next to: a scan's own checklist row when it has one."""
    if isinstance(error, StorageError) and error.position is not None:
        return form.documents.entries[error.position].form.scans
    field: Field | None = getattr(form, error.field or "", None)
    return field or form.name


def _slip(
    procedure: Procedure, form: IntakeForm, formats_ok: bool, action: str
) -> ResponseReturnValue:
    """Hand out form 02 (what is missing, all at once) or 03 (refusal): no case is opened."""
    ok = form.check_applicant(full=False) & form.check_counts()
    items: list[dict[str, object]] = []
    if action == "incomplete":
        kind = SlipKind.SUPPLEMENT
        for position in form.missing_positions(procedure.spec):
            doc = procedure.spec.documents[position]
            items.append({"name": doc.name, "originals": doc.originals, "copies": doc.copies})
        if not items:
            form.form_errors.append(
                gettext("Every required document was received: nothing to ask for.")
            )
            ok = False
    else:
        kind = SlipKind.REFUSAL
        if not form.reason.data:
            add_error(form.reason, gettext("Give the reason for refusing."))
            ok = False
    if not (formats_ok and ok):
        return _page(procedure, form, 400)
    slip = issue_slip(
        kind,
        procedure=procedure,
        applicant=form.applicant_data(),
        officer=current_user,
        now=utcnow(),
        items=items,
        reason=form.reason.data or "",
    )
    db.session.commit()
    return redirect(url_for("counter.slip", slip_id=slip.id))
