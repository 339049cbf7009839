"""Administer the working calendar: overrides that win over the holiday package, and re-timing."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.admin import bp
from onestop.calendar.days import OverrideKind
from onestop.calendar.forms import KIND_LABELS, OverrideForm
from onestop.calendar.models import CalendarOverride
from onestop.calendar.retiming import apply_retiming, preview_retiming
from onestop.calendar.service import calendar_for
from onestop.calendar.workcal import VN_TZ
from onestop.db import db, utcnow
from onestop.forms import add_error


def _province_admin_only() -> None:
    # The calendar is the whole province's: only an administrator of a top-level unit edits it.
    if current_user.unit.parent_id is not None:
        abort(403)


@bp.route("/calendar", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def calendar() -> ResponseReturnValue:
    _province_admin_only()
    form = OverrideForm()
    if form.validate_on_submit():
        if db.session.scalar(
            sa.select(CalendarOverride.id).where(CalendarOverride.day == form.day.data)
        ):
            add_error(form.day, gettext("This date already has an override; delete it first."))
        else:
            db.session.add(
                CalendarOverride(
                    day=form.day.data,
                    kind=OverrideKind(form.kind.data),
                    note=form.note.data,
                    created_by_id=current_user.id,
                )
            )
            db.session.commit()
            flash(gettext("Override saved. Check which open cases change below."), "success")
            return redirect(url_for("admin.calendar_retime"))
    now = utcnow()
    year = now.astimezone(VN_TZ).year
    overrides = db.session.scalars(
        sa.select(CalendarOverride).order_by(CalendarOverride.day.desc())
    ).all()
    days_off = calendar_for(now=now).days.named_days_off(date(year, 1, 1), date(year, 12, 31))
    return render_template(
        "admin/calendar.html",
        form=form,
        overrides=overrides,
        kind_labels=KIND_LABELS,
        year=year,
        days_off=days_off,
    )


@bp.post("/calendar/<int:override_id>/delete")
@role_required(Role.ADMIN)
def calendar_delete(override_id: int) -> ResponseReturnValue:
    _province_admin_only()
    override = db.get_or_404(CalendarOverride, override_id)
    db.session.delete(override)
    db.session.commit()
    flash(gettext("Override deleted. Check which open cases change below."), "success")
    return redirect(url_for("admin.calendar_retime"))


@bp.get("/calendar/retime")
@role_required(Role.ADMIN)
def calendar_retime() -> ResponseReturnValue:
    """Preview the open cases whose due date the calendar change would move."""
    _province_admin_only()
    return render_template("admin/retime.html", changes=preview_retiming(now=utcnow()))


@bp.post("/calendar/retime")
@role_required(Role.ADMIN)
def calendar_retime_apply() -> ResponseReturnValue:
    _province_admin_only()
    changes = apply_retiming(actor=current_user, now=utcnow())
    db.session.commit()
    flash(gettext("%(n)d open cases re-timed.", n=len(changes)), "success")
    return redirect(url_for("admin.calendar"))
