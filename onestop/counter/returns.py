"""Return of the result at the counter, then the citizen's satisfaction rating."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.errors import CaseChanged, CaseError
from onestop.cases.returns import ReturnData, rate_case, return_result
from onestop.counter import bp
from onestop.counter.access import desk_case_or_404
from onestop.counter.case_page import render_case
from onestop.counter.forms import RatingForm, ReturnForm, normalise_id
from onestop.db import db, utcnow
from onestop.forms import add_error


def _changed(case_id: int) -> ResponseReturnValue:
    db.session.rollback()
    flash(
        gettext(
            "Someone else has just updated this case: nothing was changed. Check it and try again."
        ),
        "error",
    )
    return redirect(url_for("counter.case", case_id=case_id))


@bp.post("/cases/<int:case_id>/return")
@role_required(Role.COUNTER_OFFICER)
def return_case(case_id: int) -> ResponseReturnValue:
    """Record the fee paid, who collected the result and that the originals went back."""
    case = desk_case_or_404(current_user, case_id)
    form = ReturnForm()
    if not form.validate():
        return render_case(case, return_form=form, status=400)
    data = ReturnData(
        collector_name=form.collector_name.data,
        collector_id_number=normalise_id(form.collector_id_number.data),
        fee_paid=form.fee_paid.data,
        fee_receipt_number=form.fee_receipt_number.data or "",
        originals_returned=form.originals_returned.data,
        note=form.note.data or "",
    )
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        return_result(case, data, officer=current_user, now=utcnow(), version=version)
        db.session.commit()
    except (CaseChanged, StaleDataError):
        return _changed(case_id)
    except CaseError as error:
        db.session.rollback()
        if error.field and hasattr(form, error.field):
            add_error(getattr(form, error.field), str(error.message))
            return render_case(case, return_form=form, status=400)
        flash(str(error.message), "error")
        return redirect(url_for("counter.case", case_id=case_id))
    flash(gettext("Result returned. Offer the satisfaction rating."), "success")
    return redirect(url_for("counter.case", case_id=case_id, _anchor="rating"))


@bp.post("/cases/<int:case_id>/rating")
@role_required(Role.COUNTER_OFFICER)
def rate(case_id: int) -> ResponseReturnValue:
    """Record the citizen's rating of the case."""
    case = desk_case_or_404(current_user, case_id)
    form = RatingForm()
    if not form.validate():
        return render_case(case, rating_form=form, status=400)
    try:
        rate_case(case, form.satisfaction, form.comment.data or "")
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("counter.case", case_id=case_id))
    db.session.commit()
    flash(gettext("Thank you: the rating was recorded."), "success")
    return redirect(url_for("counter.case", case_id=case_id))
