"""Report assembly for the views and the monthly job: scopes, windows, names, rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.catalogue.models import Procedure
from onestop.db import db
from onestop.organisation.models import Department, Unit
from onestop.reports import queries
from onestop.reports.documents import OverdueReport, OverdueRow, PeriodReport
from onestop.reports.formulas import Figures, Period, days_late
from onestop.reports.queries import Breakdowns, Scope, Window


def window_for(period: Period, zone: ZoneInfo, now: datetime) -> Window:
    start, end = period.bounds(zone)
    offset = zone.utcoffset(end.replace(tzinfo=None))
    assert offset is not None
    return Window(start, end, now, int(offset.total_seconds()))


def now_window(zone: ZoneInfo, now: datetime) -> Window:
    """The state of things right now: open cases judged at this moment."""
    offset = zone.utcoffset(now.replace(tzinfo=None))
    assert offset is not None
    return Window(now, now, now, int(offset.total_seconds()))


def names(dimension: str, keys: list[Any]) -> dict[Any, str]:
    """Readable names for a breakdown's keys (units, procedures, officers; months as MM/YYYY)."""
    ids = [k for k in keys if k is not None]
    if dimension == "unit":
        rows = db.session.execute(sa.select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    elif dimension == "procedure":
        rows = db.session.execute(
            sa.select(Procedure.id, Procedure.name).where(Procedure.id.in_(ids))
        )
    elif dimension == "department":
        # Every commune has its own "Văn hóa - Xã hội": name the unit too.
        return {
            key: f"{name} – {unit}"
            for key, name, unit in db.session.execute(
                sa.select(Department.id, Department.name, Unit.name)
                .join(Unit, Unit.id == Department.unit_id)
                .where(Department.id.in_(ids))
            )
        }
    elif dimension == "officer":
        rows = db.session.execute(sa.select(User.id, User.full_name).where(User.id.in_(ids)))
    elif dimension in ("accepted_month", "closed_month"):
        return {k: f"{k % 100:02d}/{k // 100}" for k in ids}
    else:
        return {k: str(k) for k in ids}
    return {key: name for key, name in rows.all()}  # noqa: C416 (dict(Result) would read it as a mapping)


def by_field(result: Breakdowns) -> tuple[dict[str, Figures], dict[str, str]]:
    """Add procedures up into fields (a few dozen rows, not cases); also the field names."""
    procedure_ids = [k for k in result.by.get("procedure", {}) if k is not None]
    fields = {
        pid: (code, name)
        for pid, code, name in db.session.execute(
            sa.select(Procedure.id, Procedure.field_code, Procedure.field_name).where(
                Procedure.id.in_(procedure_ids)
            )
        )
    }
    out: dict[str, Figures] = {}
    labels: dict[str, str] = {}
    for pid, figures in result.by.get("procedure", {}).items():
        code, name = fields.get(pid, ("", ""))
        out.setdefault(code, Figures()).merge(figures)
        labels[code] = name
    return out, labels


def period_report(
    unit: Unit, period: Period, zone: ZoneInfo, now: datetime, by: str
) -> PeriodReport:
    """The 06a table of a unit's subtree, one row per handling unit or per field."""
    window = window_for(period, zone, now)
    result = queries.breakdowns(db.session, Scope(unit.path), window, ("unit", "procedure"))
    if by == "field":
        groups, labels = by_field(result)
        rows = [(labels[code] or code, groups[code]) for code in sorted(groups)]
        by_label = "Lĩnh vực"
    else:
        units = {
            u.id: u
            for u in db.session.scalars(
                sa.select(Unit).where(Unit.id.in_([k for k in result.by["unit"] if k]))
            )
        }
        ordered = sorted(result.by["unit"], key=lambda k: units[k].path if k in units else "")
        rows = [(units[k].name if k in units else str(k), result.by["unit"][k]) for k in ordered]
        by_label = "Đơn vị"
    return PeriodReport(
        unit_name=unit.name,
        parent_unit_name=unit.parent.name if unit.parent else "",
        first=period.first,
        last=period.last,
        by_label=by_label,
        rows=rows,
        total=result.total,
    )


def current_holder(case: Case) -> str:
    """Who holds the case now: the department and its handler, else the counter of the unit."""
    if case.holder_department is None:
        return case.handling_unit.desk_name or case.handling_unit.name
    if case.handler is not None and case.handler.department_id == case.holder_department_id:
        return f"{case.holder_department.name} – {case.handler.full_name}"
    return case.holder_department.name


def case_days_late(case: Case, now: datetime, offset: int) -> int:
    """Days late of an open case judged overdue at `now` (formulas.days_late from its clock).

    A case waiting for a supplement is judged at the time of that request, against the due
    date it had then: for the first round the date kept at the request, for a later round its
    current date (moved only when the papers come back). An apology's new date never counts.
    """
    assert case.due_at is not None
    due = case.due_before_apology_at or case.due_at
    judged = now
    if case.paused_since is not None:
        judged = case.paused_since
        if case.supplement_count == 1:
            due = case.first_supplement_due_at or due
    second = case.second_supplement_at
    waited = 0.0
    if second is not None and case.first_supplement_at is not None:
        # The finished waiting after the second request: all of it less the first round's
        # (which ran until its papers came back, or, if they never came before the second
        # request, until that request: the same pause went on through both rounds).
        first_round_end = case.first_supplement_back_at or second
        before = (first_round_end - case.first_supplement_at).total_seconds()
        waited = (case.paused_seconds or 0) - before
    return days_late(judged, due, offset, second_request_at=second, waited_since_second=waited)


@dataclass(frozen=True)
class OverdueCase:
    case: Case
    row: OverdueRow


def overdue_cases(
    unit: Unit, zone: ZoneInfo, now: datetime, limit: int = 2000
) -> list[OverdueCase]:
    """Open cases of the subtree judged overdue now (the dashboard's rule), most late first."""
    window = now_window(zone, now)
    ids = queries.case_ids(Scope(unit.path), window, "overdue")
    cases = list(
        db.session.scalars(
            sa.select(Case)
            .where(Case.id.in_(ids))
            .options(
                selectinload(Case.procedure),
                selectinload(Case.handling_unit),
                selectinload(Case.holder_department),
                selectinload(Case.handler),
            )
            .order_by(Case.due_at, Case.id)
            .limit(limit)
        )
    )
    apologies = queries.apologised(db.session, [c.id for c in cases])
    out = []
    for case in cases:
        out.append(
            OverdueCase(
                case,
                OverdueRow(
                    case_code=case.code or "",
                    procedure_name=case.procedure.name,
                    applicant_name=case.applicant_name,
                    holder=current_holder(case),
                    accepted_at=case.accepted_at,
                    due_at=case.due_at,
                    days_late=case_days_late(case, now, window.offset),
                    apology=case.id in apologies,
                    supplement_requests=case.supplement_count or 0,
                ),
            )
        )
    out.sort(key=lambda o: -o.row.days_late)
    return out


def overdue_report(unit: Unit, zone: ZoneInfo, now: datetime) -> OverdueReport:
    return OverdueReport(
        unit_name=unit.name,
        parent_unit_name=unit.parent.name if unit.parent else "",
        as_of=now,
        rows=[o.row for o in overdue_cases(unit, zone, now)],
    )
