"""The desk's list: today's cases and cases whose result is ready to hand over."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import selectinload

from onestop import pagination
from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.counter import bp
from onestop.counter.labels import STATUS_LABELS
from onestop.db import db, utcnow
from onestop.timefmt import local_zone


@bp.get("/counter/cases")
@role_required(Role.COUNTER_OFFICER)
def cases() -> ResponseReturnValue:
    """List the cases received at my desk today and those ready to return, a page of each."""
    zone = local_zone()
    today = utcnow().astimezone(zone).date()
    start = datetime.combine(today, time(0), zone)
    lists = {
        "ready": Case.status == CaseStatus.RESULT_READY,
        "today": sa.and_(Case.accepted_at >= start, Case.accepted_at < start + timedelta(days=1)),
    }
    mine = Case.receiving_unit_id == current_user.unit_id
    totals = count_each(lists, mine)
    pages, rows = {}, {}
    for name, condition in lists.items():
        page = pagination.requested(f"{name}_page").settle(totals[name])
        pages[name] = page
        rows[name] = db.session.scalars(
            page.apply(
                sa.select(Case)
                .where(mine, condition)
                .options(selectinload(Case.procedure))
                .order_by(Case.accepted_at.desc(), Case.id.desc())
            )
        ).all()
    return render_template(
        "counter/desk.html",
        received_today=rows["today"],
        ready=rows["ready"],
        pages=pages,
        today=today,
        status_labels=STATUS_LABELS,
    )


def count_each(
    lists: dict[str, sa.ColumnElement[bool]], *where: sa.ColumnElement[bool]
) -> dict[str, int]:
    """Count the cases of several lists in one query (the pagers' totals)."""
    row = db.session.execute(
        sa.select(
            *(
                sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0).label(name)
                for name, cond in lists.items()
            )
        ).where(*where, sa.or_(*lists.values()))
    ).one()
    return {name: int(value) for name, value in row._mapping.items()}
