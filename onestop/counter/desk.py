"""The desk's list: today's cases and cases whose result is ready to hand over."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

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
    """List the cases received at my desk today and those ready to return, newest first."""
    zone = local_zone()
    today = utcnow().astimezone(zone).date()
    start = datetime.combine(today, time(0), zone)
    mine = sa.select(Case).where(Case.receiving_unit_id == current_user.unit_id)
    received_today = db.session.scalars(
        mine.where(
            Case.accepted_at >= start, Case.accepted_at < start + timedelta(days=1)
        ).order_by(Case.accepted_at.desc(), Case.id.desc())
    ).all()
    ready = db.session.scalars(
        mine.where(Case.status == CaseStatus.RESULT_READY).order_by(
            Case.accepted_at.desc(), Case.id.desc()
        )
    ).all()
    return render_template(
        "counter/desk.html",
        received_today=received_today,
        ready=ready,
        today=today,
        status_labels=STATUS_LABELS,
    )
