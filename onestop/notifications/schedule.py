"""Scheduled notifications: due-tomorrow and overdue reminders, the heads' daily digest, the
supervisors' monthly on-time report. Each is a job that may run any number of times: what was
already sent is known from the outbox's idempotency keys (keyed by the due date, so a case whose
date moved is reminded again), not from long-range scheduled jobs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from onestop.accounts.models import Role, User
from onestop.calendar.service import calendar_for
from onestop.calendar.workcal import VN_TZ
from onestop.cases.lifecycle import OPEN_STATUSES
from onestop.cases.models import Case, CaseEvent
from onestop.db import db, utcnow
from onestop.notifications.outbox import case_values, heads, insert, local, staff_rows
from onestop.reports.formulas import Period
from onestop.reports.services import period_report


def _now(at: str | None) -> datetime:
    """The job's clock: now, or an ISO instant given by a test or an operator re-running a day."""
    return datetime.fromisoformat(at) if at else utcnow()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)


def responsible(case: Case) -> list[User]:
    """Who is reminded about a case: its latest assignee, else the heads of its handling unit."""
    assignee_id = db.session.scalar(
        sa.select(CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == "assigned")
        .order_by(CaseEvent.id.desc())
        .limit(1)
    )
    if assignee_id and assignee_id.get("assignee_id"):
        user = db.session.get(User, assignee_id["assignee_id"])
        if user is not None:
            return [user]
    return heads(db.session(), unit_id=case.handling_unit_id, department_id=None)


def _open_cases(*conditions: Any) -> list[Case]:
    return list(
        db.session.scalars(
            sa.select(Case)
            .where(Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), *conditions)
            .order_by(Case.due_at)
        )
    )


def remind_due_tomorrow(at: str | None = None) -> int:
    """Remind whoever holds each open case due by the end of the next working day."""
    now = _now(at)
    today = now.astimezone(VN_TZ).date()
    next_working = calendar_for(now=now).add_working_days(today, 1)
    rows = []
    for case in _open_cases(
        Case.due_at >= _day_start(today + timedelta(days=1)),
        Case.due_at < _day_start(next_working + timedelta(days=1)),
    ):
        assert case.due_at is not None
        cause = f"case{case.id}:due{case.due_at.isoformat()}"
        rows += staff_rows(
            responsible(case), "due_tomorrow", case_values(case), cause, case_id=case.id
        )
    ids = insert(db.session(), rows)
    db.session.commit()
    return len(ids)


def remind_overdue(at: str | None = None) -> int:
    """Tell whoever holds each overdue open case, once per due date."""
    now = _now(at)
    rows = []
    for case in _open_cases(Case.due_at < now):
        assert case.due_at is not None
        cause = f"case{case.id}:due{case.due_at.isoformat()}"
        rows += staff_rows(responsible(case), "overdue", case_values(case), cause, case_id=case.id)
    ids = insert(db.session(), rows)
    db.session.commit()
    return len(ids)


def send_head_digests(at: str | None = None) -> int:
    """Each head's morning digest of their unit's cases."""
    now = _now(at)
    today = now.astimezone(VN_TZ).date()
    tomorrow_end = _day_start(today + timedelta(days=2))
    rows = []
    for head in db.session.scalars(
        sa.select(User).where(User.role == Role.HEAD, User.active.is_(True)).order_by(User.id)
    ):
        cases = _open_cases(Case.handling_unit_id == head.unit_id)
        overdue = [c for c in cases if c.due_at and c.due_at < now]
        new = db.session.scalar(
            sa.select(sa.func.count(Case.id)).where(
                Case.handling_unit_id == head.unit_id,
                Case.accepted_at >= _day_start(today - timedelta(days=1)),
                Case.accepted_at < _day_start(today),
            )
        )
        values = {
            "unit": head.unit.name,
            "day": today.strftime("%d/%m/%Y"),
            "new": new or 0,
            "open": len(cases),
            "due_tomorrow": sum(1 for c in cases if c.due_at and now <= c.due_at < tomorrow_end),
            "overdue": len(overdue),
            "overdue_list": "".join(
                f"  • {c.code}: {c.applicant_name}, hạn {local(c.due_at)}\n" for c in overdue[:20]
            ),
        }
        rows += staff_rows([head], "head_digest", values, f"day{today.isoformat()}")
    ids = insert(db.session(), rows)
    db.session.commit()
    return len(ids)


def send_monthly_reports(at: str | None = None) -> int:
    """Each supervisor's on-time report for the previous month, for the units they oversee."""
    now = _now(at)
    first = now.astimezone(VN_TZ).date().replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    period = Period.month(previous.year, previous.month)
    rows = []
    for supervisor in db.session.scalars(
        sa.select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True)).order_by(User.id)
    ):
        # The same national formula as the dashboard (onestop/reports), not a second copy of it.
        total = period_report(supervisor.unit, period, VN_TZ, now, "unit").total
        figures = {
            "total": total.total,
            "on_time": total.on_time_count,
            "late": total.total - total.on_time_count,
        }
        rate = f"{total.on_time_rate:.1f}%" if total.on_time_rate is not None else "—"
        values = {
            **figures,
            "rate": rate.replace(".", ","),
            "month": previous.strftime("%m/%Y"),
            "scope": supervisor.unit.name,
            "unit": supervisor.unit.name,
        }
        rows += staff_rows([supervisor], "monthly_report", values, f"month{previous:%Y-%m}")
    ids = insert(db.session(), rows)
    db.session.commit()
    return len(ids)
