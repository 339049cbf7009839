"""The work queue screen of officers and heads ("Việc của tôi")."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onestop import pagination
from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.calendar.service import calendar_for
from onestop.db import utcnow
from onestop.processing.queues import QUEUES, queue_counts, queue_steps
from onestop.processing.timing import due_within_a_day
from onestop.processing.web import bp


@bp.get("/work")
@role_required(Role.OFFICER, Role.HEAD)
def queue() -> ResponseReturnValue:
    """List a page of one queue of the user's work, soonest due first, with every queue's count."""
    name = request.args.get("q", "mine")
    if name not in QUEUES:
        abort(404)
    now = utcnow()
    # The tabs' counts (one query, shared with the menu badge) give the whole queue's size.
    counts = queue_counts(current_user)
    page = pagination.requested().settle(counts[name])
    steps = queue_steps(current_user, name, now, page)
    calendar = calendar_for(current_user.unit.office_hours, now=now)
    flagged = {
        s.id
        for s in steps
        if s.case.due_at is not None and due_within_a_day(calendar, now, s.case.due_at)
    }
    return render_template(
        "processing/queue.html",
        queues=QUEUES,
        current=name,
        counts=counts,
        steps=steps,
        page=page,
        flagged=flagged,
        now=now,
    )
