"""The dashboard and the list of cases behind each of its numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required, scoped_unit_or_404
from onestop.cases.models import Case
from onestop.catalogue.models import Procedure
from onestop.db import db, utcnow
from onestop.organisation.models import Unit
from onestop.reports import bp, charts, queries, services
from onestop.reports.formulas import Period, PeriodKind
from onestop.reports.labels import PERIOD_COLUMNS, PERIOD_GROUPS, cell_value, format_rate
from onestop.timefmt import local_zone

REPORT_ROLES = (Role.SUPERVISOR, Role.HEAD)
PAGE_SIZE = 100
# Rows per breakdown on the dashboard, largest first; "show all" lists every group.
TABLE_ROWS = 25
# Breakdown filters a link may carry (the field is added up from procedures).
FILTERS = ("unit", "department", "procedure", "officer", "field", "accepted_month", "closed_month")


def chosen_period() -> Period:
    """Read the period from the query string; default: this month. Bad input -> 400."""
    today = utcnow().astimezone(local_zone()).date()
    args = request.args
    try:
        kind = PeriodKind(args.get("kind", "month"))
        year = int(args.get("year", today.year))
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        if kind is PeriodKind.MONTH:
            return Period.month(year, int(args.get("month", today.month)))
        if kind is PeriodKind.QUARTER:
            return Period.quarter(year, int(args.get("quarter", (today.month - 1) // 3 + 1)))
        if kind is PeriodKind.YEAR:
            return Period.year(year)
        first = date.fromisoformat(args.get("first", ""))
        last = date.fromisoformat(args.get("last", ""))
        if (last - first).days > 3660:
            raise ValueError("too long")
        return Period.custom(first, last)
    except (ValueError, KeyError):
        abort(400)


def period_args(period: Period) -> dict[str, Any]:
    """The query-string arguments that name a period (for links)."""
    if period.kind is PeriodKind.CUSTOM:
        return {
            "kind": "custom",
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
        }
    args: dict[str, Any] = {"kind": period.kind.value, "year": period.first.year}
    if period.kind is PeriodKind.MONTH:
        args["month"] = period.first.month
    if period.kind is PeriodKind.QUARTER:
        args["quarter"] = (period.first.month - 1) // 3 + 1
    return args


def chosen_unit() -> Unit:
    """The unit whose subtree is shown: the user's own, or one below it (?unit_scope=id)."""
    raw = request.args.get("unit_scope")
    if raw is None:
        return current_user.unit
    if not raw.isdigit():
        abort(404)
    return scoped_unit_or_404(current_user, int(raw))


def chosen_filters() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in FILTERS:
        raw = request.args.get(name)
        if raw is None:
            continue
        if raw == "none":
            out[name] = None
        elif name == "field":
            out[name] = raw
        elif raw.isdigit():
            out[name] = int(raw)
        else:
            abort(400)
    return out


@bp.get("/")
@role_required(*REPORT_ROLES)
def dashboard() -> ResponseReturnValue:
    """The figures of the chosen period for the user's units, broken down, with charts."""
    period = chosen_period()
    unit = chosen_unit()
    now = utcnow()
    window = services.window_for(period, local_zone(), now)
    result = queries.breakdowns(db.session, queries.Scope(unit.path), window)
    fields, field_names = services.by_field(result)
    shown_in_full = request.args.get("all")
    breakdowns = []
    for dimension, title in (
        ("unit", _("By unit")),
        ("department", _("By department")),
        ("procedure", _("By procedure")),
        ("officer", _("By officer (who handles or last handled the case)")),
    ):
        groups = result.by.get(dimension, {})
        rows = sorted(groups.items(), key=lambda kv: -kv[1].total)
        count = len(rows)
        if dimension != shown_in_full:
            rows = rows[:TABLE_ROWS]
        labels = services.names(dimension, [k for k, _f in rows])
        missing = (
            _("At the counter (not transferred)")
            if dimension == "department"
            else _("Not recorded")
        )
        breakdowns.append(
            (dimension, title, [(k, labels.get(k, missing), f) for k, f in rows], count)
        )
    field_rows = sorted(fields.items(), key=lambda kv: -kv[1].total)
    breakdowns.insert(
        3,
        (
            "field",
            _("By field"),
            [(k, field_names.get(k) or k, f) for k, f in field_rows],
            len(field_rows),
        ),
    )
    months = [int(m.replace("-", "")) for m in period.months()]
    closed = result.by.get("closed_month", {})
    accepted = result.by.get("accepted_month", {})
    trend = [
        (
            f"{m % 100:02d}/{m // 100}",
            closed[m].on_time_rate_resolved if m in closed else None,
            accepted[m].new_online + accepted[m].new_direct if m in accepted else 0,
        )
        for m in months
    ]
    trend_chart = charts.rate_trend(
        "trend-chart",
        _("On-time rate of the cases resolved each month (%)"),
        [(label, rate) for label, rate, _new in trend],
    )
    # Volumes by department; cases never sent on from the counter form their own bar.
    departments = result.by.get("department", {})
    department_names = services.names("department", list(departments))
    volume_chart = charts.volume_bars(
        "volume-chart",
        _("Cases received or processed, by department"),
        [
            (department_names.get(k, _("At the counter (not transferred)")), f.total)
            for k, f in sorted(departments.items(), key=lambda kv: -kv[1].total)
        ],
    )
    subunits = db.session.scalars(
        sa.select(Unit).where(Unit.path.startswith(unit.path, autoescape=True)).order_by(Unit.path)
    ).all()
    return render_template(
        "reports/dashboard.html",
        period=period,
        period_args=period_args(period),
        unit=unit,
        subunits=subunits,
        total=result.total,
        breakdowns=breakdowns,
        trend=trend,
        trend_chart=trend_chart,
        volume_chart=volume_chart,
        groups=PERIOD_GROUPS,
        columns=PERIOD_COLUMNS,
        cell_value=cell_value,
        format_rate=format_rate,
        scope_args={} if unit.id == current_user.unit_id else {"unit_scope": unit.id},
    )


@bp.get("/cases")
@role_required(*REPORT_ROLES)
def cases() -> ResponseReturnValue:
    """The cases one number of the dashboard counts, by the same rules."""
    period = chosen_period()
    unit = chosen_unit()
    cell = request.args.get("cell", "total")
    if cell not in queries.CELLS:
        abort(404)
    filters = chosen_filters()
    now = utcnow()
    window = services.window_for(period, local_zone(), now)
    ids = queries.case_ids(queries.Scope(unit.path, filters), window, cell).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ids)) or 0
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = db.session.scalars(
        sa.select(Case)
        .where(Case.id.in_(sa.select(ids.c.case_id)))
        .options(selectinload(Case.procedure), selectinload(Case.handling_unit))
        .order_by(Case.accepted_at, Case.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return render_template(
        "reports/cases.html",
        filter_labels=filter_labels(filters),
        period=period,
        period_args=period_args(period),
        unit=unit,
        cell=cell,
        cell_label=CELL_LABELS.get(cell, cell),
        filters=filters,
        total=total,
        rows=rows,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        args={k: v for k, v in request.args.items() if k != "page"},
    )


def filter_labels(filters: dict[str, Any]) -> list[tuple[str, str]]:
    """What the case list is narrowed to, in words: (breakdown, group name)."""
    titles = {
        "unit": _("Unit"),
        "department": _("Department"),
        "procedure": _("Procedure"),
        "officer": _("Officer"),
        "field": _("Field"),
        "accepted_month": _("Month accepted"),
        "closed_month": _("Month resolved"),
    }
    out = []
    for name, value in filters.items():
        if value is None:
            label = (
                _("At the counter (not transferred)") if name == "department" else _("Not recorded")
            )
        elif name == "field":
            label = db.session.scalar(
                sa.select(Procedure.field_name).where(Procedure.field_code == value).limit(1)
            ) or str(value)
        else:
            label = services.names(name, [value]).get(value, str(value))
        out.append((titles[name], label))
    return out


def _cell_labels() -> dict[str, str]:
    from flask_babel import lazy_gettext as _l

    labels: dict[str, Any] = {c.cell: c.label for c in PERIOD_COLUMNS}
    labels.update(
        {
            "total": _l("Received in the period"),
            "resolved": _l("Resolved"),
            "in_progress": _l("In progress at the end"),
            "waiting": _l("Waiting for a supplement"),
            "on_time_count": _l("On time (resolved or in progress)"),
            "not_on_time": _l("Late or overdue"),
            "withdrawn": _l("Withdrawn"),
        }
    )
    return labels


CELL_LABELS = _cell_labels()
