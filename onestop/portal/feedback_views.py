"""The feedback / complaint (PAKN) form, and the supervisors' list with its deadlines."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.db import db, utcnow
from onestop.extensions import limiter
from onestop.forms import choices
from onestop.organisation.models import Unit
from onestop.portal.feedback import FeedbackData, desk_units, submit_feedback
from onestop.portal.forms import FEEDBACK_KIND_LABELS, FeedbackForm
from onestop.portal.models import Citizen, Feedback, FeedbackKind
from onestop.portal.views import bp


def _limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/portal/feedback", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def feedback() -> ResponseReturnValue:
    """Send a feedback or complaint to a unit; its supervisors answer within the legal times."""
    form = FeedbackForm()
    units = {u.id: u for u in desk_units()}
    form.unit_id.choices = choices((u.id, u.name) for u in units.values())
    citizen = current_user._get_current_object()
    citizen = citizen if isinstance(citizen, Citizen) else None
    if citizen is not None and not form.is_submitted():
        form.name.data = citizen.full_name
        form.contact.data = citizen.email
    if form.validate_on_submit():
        submit_feedback(
            FeedbackData(
                unit=units[form.unit_id.data],
                kind=FeedbackKind(form.kind.data),
                name=form.name.data,
                contact=form.contact.data,
                subject=form.subject.data,
                body=form.body.data,
                case_code=form.case_code.data or "",
            ),
            citizen=citizen,
            now=utcnow(),
        )
        db.session.commit()
        flash(
            gettext(
                "Thank you. Your message reached the unit's supervisors; they answer within "
                "15 working days."
            ),
            "success",
        )
        return redirect(url_for("portal.feedback"))
    return render_template("portal/feedback.html", form=form), (400 if form.errors else 200)


@bp.get("/supervision/feedback")
@role_required(Role.SUPERVISOR, Role.ADMIN)
def feedback_inbox() -> ResponseReturnValue:
    """List the feedback received by the units in the supervisor's scope, oldest deadline first."""
    items = db.session.scalars(
        sa.select(Feedback)
        .join(Unit, Feedback.unit_id == Unit.id)
        .where(Unit.path.startswith(current_user.unit.path))
        .order_by(Feedback.handle_by, Feedback.id)
    ).all()
    return render_template(
        "portal/feedback_inbox.html", items=items, kind_labels=FEEDBACK_KIND_LABELS, now=utcnow()
    )
