"""The desk's queue of online submissions: accept, ask for a supplement online, or refuse."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from onestop import pagination
from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.errors import CaseChanged, CaseError
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.counter import bp
from onestop.counter.access import desk_case_or_404
from onestop.counter.desk import count_each
from onestop.counter.labels import STATUS_LABELS
from onestop.db import db, utcnow
from onestop.portal.forms import DecisionForm
from onestop.portal.models import OnlineSubmission
from onestop.portal.submissions import (
    accept_online,
    refuse_online,
    request_online_supplement,
    submission_for,
)


@bp.get("/counter/online")
@role_required(Role.COUNTER_OFFICER)
def online() -> ResponseReturnValue:
    """List online submissions to my desk: new ones to decide, and those waiting for papers."""
    lists = {
        "new": Case.status == CaseStatus.NEW,
        "waiting": Case.status == CaseStatus.SUPPLEMENT,
    }
    mine = sa.and_(Case.receiving_unit_id == current_user.unit_id, Case.accepted_at.is_(None))
    online_cases = Case.id.in_(sa.select(OnlineSubmission.case_id))
    totals = count_each(lists, mine, online_cases)
    pages, rows = {}, {}
    for name, condition in lists.items():
        page = pagination.requested(f"{name}_page").settle(totals[name])
        pages[name] = page
        # Oldest submission first; the case id keeps the order (and the pages) stable.
        rows[name] = db.session.execute(
            page.apply(
                sa.select(Case, OnlineSubmission)
                .join(OnlineSubmission, OnlineSubmission.case_id == Case.id)
                .where(mine, condition)
                .options(selectinload(Case.procedure_version))
                .order_by(OnlineSubmission.submitted_at, Case.id)
            )
        ).all()
    return render_template(
        "counter/online.html",
        new=rows["new"],
        waiting=rows["waiting"],
        pages=pages,
        status_labels=STATUS_LABELS,
    )


def _submission_or_404(case_id: int) -> tuple[Case, OnlineSubmission]:
    case = desk_case_or_404(current_user, case_id)
    submission = submission_for(case)
    if submission is None:
        abort(404)
    return case, submission


def _render(
    case: Case, submission: OnlineSubmission, form: DecisionForm | None = None, status: int = 200
) -> ResponseReturnValue:
    spec = case.procedure_version.spec
    if form is None:
        form = DecisionForm(formdata=None, version=case.version)
    labels = {f.name: f.label for f in spec.eform}
    return render_template(
        "counter/online_case.html",
        case=case,
        spec=spec,
        submission=submission,
        answers=[(labels.get(k, k), v) for k, v in submission.form_data.items()],
        form=form,
        status_labels=STATUS_LABELS,
        documents={d.position: d for d in case.documents},
    ), status


@bp.get("/counter/online/<int:case_id>")
@role_required(Role.COUNTER_OFFICER)
def online_case(case_id: int) -> ResponseReturnValue:
    """Show an online submission with its e-form answers and files, and the three decisions."""
    return _render(*_submission_or_404(case_id))


def _decide(
    case_id: int, act: Callable[[Case, DecisionForm, int | None], object], done: str
) -> ResponseReturnValue:
    case, submission = _submission_or_404(case_id)
    form = DecisionForm()
    if not form.validate():
        return _render(case, submission, form, 400)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        act(case, form, version)
        db.session.commit()
    except (CaseChanged, StaleDataError):
        db.session.rollback()
        flash(
            gettext(
                "Someone else has just updated this case: nothing was changed. "
                "Check it and try again."
            ),
            "error",
        )
        return redirect(url_for("counter.online_case", case_id=case_id))
    except CaseError as error:
        db.session.rollback()
        case, submission = _submission_or_404(case_id)
        target = getattr(form, error.field or "", None)
        if target is not None:
            target.errors = [*target.errors, str(error.message)]
        else:
            form.form_errors.append(str(error.message))
        return _render(case, submission, form, 400)
    flash(done, "success")
    if case.status is CaseStatus.ACCEPTED:
        return redirect(url_for("counter.case", case_id=case_id))
    return redirect(url_for("counter.online"))


@bp.post("/counter/online/<int:case_id>/accept")
@role_required(Role.COUNTER_OFFICER)
def accept_online_case(case_id: int) -> ResponseReturnValue:
    """Accept: the case gets its code and due date now; the citizen can print the receipt."""
    return _decide(
        case_id,
        lambda case, form, version: accept_online(
            case, officer=current_user, now=utcnow(), version=version
        ),
        gettext("Online dossier accepted. The citizen can now download the receipt."),
    )


@bp.post("/counter/online/<int:case_id>/supplement")
@role_required(Role.COUNTER_OFFICER)
def supplement_online_case(case_id: int) -> ResponseReturnValue:
    """Ask the citizen online for the documents ticked, all at once."""
    return _decide(
        case_id,
        lambda case, form, version: request_online_supplement(
            case,
            list(form.positions.data or []),
            form.note.data or "",
            officer=current_user,
            now=utcnow(),
            version=version,
        ),
        gettext("The citizen was asked for the missing papers."),
    )


@bp.post("/counter/online/<int:case_id>/refuse")
@role_required(Role.COUNTER_OFFICER)
def refuse_online_case(case_id: int) -> ResponseReturnValue:
    """Refuse the online submission with a reason the citizen reads."""
    return _decide(
        case_id,
        lambda case, form, version: refuse_online(
            case, form.reason.data or "", officer=current_user, now=utcnow(), version=version
        ),
        gettext("The online submission was refused; the citizen sees the reason."),
    )
