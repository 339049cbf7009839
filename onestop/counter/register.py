"""The case register (form 06) of the officer's unit for a date range, as PDF and Excel."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import selectinload

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.models import Case
from onestop.counter import bp
from onestop.counter.forms import RegisterForm
from onestop.counter.pdf import XLSX, download_response, pdf_response
from onestop.counter.printing import register_data
from onestop.db import db, utcnow
from onestop.documents.register import render_register
from onestop.documents.register_xlsx import render_register_xlsx
from onestop.timefmt import local_zone


def _cases(start: date, end: date) -> list[Case]:
    """Cases my unit accepted between start and end (office-local days, both included)."""
    zone = local_zone()
    since = datetime.combine(start, time(0), zone)
    until = datetime.combine(end + timedelta(days=1), time(0), zone)
    return list(
        db.session.scalars(
            sa.select(Case)
            .where(
                Case.receiving_unit_id == current_user.unit_id,
                Case.accepted_at >= since,
                Case.accepted_at < until,
            )
            .options(selectinload(Case.events), selectinload(Case.handling_unit))
            .order_by(Case.accepted_at, Case.id)
        ).all()
    )


@bp.get("/counter/register")
@role_required(Role.COUNTER_OFFICER)
def register() -> ResponseReturnValue:
    """Pick the date range; list the lines and offer the PDF and Excel files."""
    today = utcnow().astimezone(local_zone()).date()
    form = RegisterForm(request.args, start=today.replace(day=1), end=today)
    rows: list[Case] | None = None
    if request.args and form.validate():
        rows = _cases(form.start.data, form.end.data)
    return render_template("counter/register.html", form=form, rows=rows), (
        400 if form.errors else 200
    )


@bp.get("/counter/register.<fmt>")
@role_required(Role.COUNTER_OFFICER)
def register_file(fmt: str) -> ResponseReturnValue:
    """Download the register as PDF (to print and sign) or Excel."""
    form = RegisterForm(request.args)
    if fmt not in ("pdf", "xlsx") or not form.validate():
        abort(404 if fmt not in ("pdf", "xlsx") else 400)
    start, end = form.start.data, form.end.data
    data = register_data(current_user.unit, start, end, _cases(start, end))
    name = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "pdf":
        return pdf_response(render_register(data), f"{name}.pdf")
    return download_response(render_register_xlsx(data), f"{name}.xlsx", XLSX)
