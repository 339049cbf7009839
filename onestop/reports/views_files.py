"""The period table (06a) and the overdue list: as pages, as Excel and as PDF."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from onestop.accounts.permissions import role_required
from onestop.counter.pdf import XLSX, download_response, pdf_response
from onestop.db import utcnow
from onestop.reports import bp, services
from onestop.reports.documents import (
    render_overdue_pdf,
    render_overdue_xlsx,
    render_period_pdf,
    render_period_xlsx,
)
from onestop.reports.labels import PERIOD_COLUMNS, PERIOD_GROUPS, cell_value, format_rate
from onestop.reports.views import REPORT_ROLES, chosen_period, chosen_unit, period_args
from onestop.timefmt import local_zone

FORMATS = ("pdf", "xlsx")


def _by() -> str:
    by = request.args.get("by", "unit")
    if by not in ("unit", "field"):
        abort(400)
    return by


@bp.get("/period")
@role_required(*REPORT_ROLES)
def period_table() -> ResponseReturnValue:
    """The standard period table, one row per unit or per field."""
    period, unit, by = chosen_period(), chosen_unit(), _by()
    report = services.period_report(unit, period, local_zone(), utcnow(), by)
    return render_template(
        "reports/period.html",
        report=report,
        period=period,
        period_args=period_args(period),
        unit=unit,
        by=by,
        groups=PERIOD_GROUPS,
        columns=PERIOD_COLUMNS,
        cell_value=cell_value,
        format_rate=format_rate,
    )


@bp.get("/period.<fmt>")
@role_required(*REPORT_ROLES)
def period_file(fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        abort(404)
    period, unit, by = chosen_period(), chosen_unit(), _by()
    report = services.period_report(unit, period, local_zone(), utcnow(), by)
    name = f"bao-cao-06a-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    if fmt == "pdf":
        return pdf_response(render_period_pdf(report), f"{name}.pdf")
    return download_response(render_period_xlsx(report), f"{name}.xlsx", XLSX)


@bp.get("/overdue")
@role_required(*REPORT_ROLES)
def overdue() -> ResponseReturnValue:
    """Open cases past their (moved) due date now: holder, days late, apology issued or not."""
    unit = chosen_unit()
    rows = services.overdue_cases(unit, local_zone(), utcnow())
    return render_template("reports/overdue.html", unit=unit, rows=rows)


@bp.get("/overdue.<fmt>")
@role_required(*REPORT_ROLES)
def overdue_file(fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        abort(404)
    now = utcnow()
    report = services.overdue_report(chosen_unit(), local_zone(), now)
    name = f"ho-so-qua-han-{now.astimezone(local_zone()):%Y%m%d}"
    if fmt == "pdf":
        return pdf_response(render_overdue_pdf(report), f"{name}.pdf")
    return download_response(render_overdue_xlsx(report), f"{name}.xlsx", XLSX)
