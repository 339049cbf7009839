"""Work queues of officers and heads, sorted by due time; every count comes from one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload

from onestop.accounts.models import Role, User
from onestop.calendar.service import calendar_for
from onestop.calendar.workcal import to_local
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.pagination import Window
from onestop.processing.models import CaseStep, StepState

QUEUES = {
    "mine": _l("Assigned to me"),
    "unassigned": _l("My department's unassigned cases"),
    "due_today": _l("Due today"),
    "due_soon": _l("Due within two working days"),
    "overdue": _l("Overdue"),
    "supplement": _l("Waiting for a supplement"),
    "rework": _l("Returned for rework"),
}
WORKING = (StepState.PENDING, StepState.ACTIVE)
OPEN = (StepState.PENDING, StepState.ACTIVE, StepState.SUBMITTED)


@dataclass(frozen=True)
class Bounds:
    now: datetime
    end_of_today: datetime
    end_of_soon: datetime


def bounds(user: User, now: datetime) -> Bounds:
    """Today's closing and the closing two working days ahead, in the user's unit calendar."""
    calendar = calendar_for(user.unit.office_hours, now=now)
    today = calendar.add_working_days(to_local(now).date(), 0)
    soon = calendar.add_working_days(today, 2)
    end_today = (
        calendar.closing_of(today)
        if calendar.is_working_day(to_local(now).date())
        else datetime.combine(to_local(now).date(), time.max, tzinfo=to_local(now).tzinfo)
    )
    return Bounds(now, end_today, calendar.closing_of(soon))


def _scope(user: User) -> sa.ColumnElement[bool]:
    """The steps a user answers for: their own, or (a head) all open ones of the department."""
    if user.has_role(Role.HEAD) and user.department_id is not None:
        return sa.and_(CaseStep.department_id == user.department_id, CaseStep.state.in_(OPEN))
    return sa.and_(CaseStep.assignee_id == user.id, CaseStep.state.in_(OPEN))


def predicates(user: User, b: Bounds) -> dict[str, sa.ColumnElement[bool]]:
    """The condition of each queue, over case_steps joined to cases."""
    scope = _scope(user)
    mine = sa.and_(CaseStep.assignee_id == user.id, CaseStep.state.in_(WORKING))
    if user.has_role(Role.HEAD) and user.department_id is not None:
        approvals = sa.and_(
            CaseStep.department_id == user.department_id, CaseStep.state == StepState.SUBMITTED
        )
        mine = sa.or_(mine, approvals)
    running = sa.and_(scope, Case.status == CaseStatus.IN_PROGRESS)
    return {
        "mine": mine,
        "unassigned": sa.and_(
            CaseStep.department_id == (user.department_id or -1),
            CaseStep.assignee_id.is_(None),
            CaseStep.state.in_(WORKING),
        ),
        "due_today": sa.and_(running, Case.due_at >= b.now, Case.due_at <= b.end_of_today),
        "due_soon": sa.and_(running, Case.due_at >= b.now, Case.due_at <= b.end_of_soon),
        "overdue": sa.and_(running, Case.due_at < b.now),
        "supplement": sa.and_(scope, Case.status == CaseStatus.SUPPLEMENT),
        "rework": sa.and_(scope, CaseStep.rework.is_(True), CaseStep.state == StepState.ACTIVE),
    }


def queue_counts(user: User, now: datetime | None = None) -> dict[str, int]:
    """Count every queue in one query (cached for the request: the menu and the page share it)."""
    cached = g.get("_queue_counts")
    if cached is not None and now is None:
        return dict(cached)
    preds = predicates(user, bounds(user, now or utcnow()))
    columns = [
        sa.func.coalesce(sa.func.sum(sa.case((p, 1), else_=0)), 0).label(k)
        for k, p in preds.items()
    ]
    row = db.session.execute(
        sa.select(*columns)
        .select_from(CaseStep)
        .join(Case, Case.id == CaseStep.case_id)
        .where(sa.or_(*preds.values()))
    ).one()
    counts = {k: int(v) for k, v in row._mapping.items()}
    if now is None:
        g._queue_counts = counts
    return counts


def queue_steps(user: User, queue: str, now: datetime, page: Window) -> list[CaseStep]:
    """List one page of a queue's steps with what the page shows, in a fixed number of queries.

    Soonest due first; the step id breaks ties, so the order (and so every page) is stable.
    """
    predicate = predicates(user, bounds(user, now))[queue]
    stmt = (
        sa.select(CaseStep)
        .join(CaseStep.case)
        .where(predicate)
        .options(
            contains_eager(CaseStep.case).joinedload(Case.procedure),
            joinedload(CaseStep.department),
            joinedload(CaseStep.assignee),
        )
        .order_by(CaseStep.due_at, Case.due_at, CaseStep.id)
    )
    return list(db.session.scalars(page.apply(stmt)).unique())


def menu_count(user: User) -> int:
    """The number shown next to "My work": what waits for this user or their department."""
    counts = queue_counts(user)
    return counts["mine"] + counts["unassigned"]
