"""Administer units."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required, scoped_unit_or_404, visible_units
from onestop.admin import bp
from onestop.admin.choices import unit_choices
from onestop.db import db, utcnow
from onestop.forms import add_error, choices
from onestop.organisation.forms import LEVEL_LABELS, UnitForm
from onestop.organisation.models import Unit, UnitLevel
from onestop.organisation.services import OrganisationError, create_unit, update_unit
from onestop.signing.certificates import certificate_status
from onestop.signing.labels import CERTIFICATE_STATE_LABELS
from onestop.signing.models import SigningCertificate


@bp.get("/units")
@role_required(Role.ADMIN)
def units() -> ResponseReturnValue:
    rows = db.session.scalars(visible_units(current_user).order_by(Unit.path)).all()
    now = utcnow()
    certificates = {
        c.unit_id: (c, certificate_status(c, now))
        for c in db.session.scalars(
            sa.select(SigningCertificate).where(
                SigningCertificate.unit_id.in_([u.id for u in rows])
            )
        )
    }
    return render_template(
        "admin/units.html",
        units=rows,
        base_depth=current_user.unit.depth,
        level_labels=LEVEL_LABELS,
        certificates=certificates,
        state_labels=CERTIFICATE_STATE_LABELS,
    )


def _code_taken(code: str, unit_id: int | None) -> bool:
    query = sa.select(Unit.id).where(Unit.code == code)
    if unit_id is not None:
        query = query.where(Unit.id != unit_id)
    return db.session.scalar(query) is not None


def _parent(form: UnitForm) -> Unit | None:
    return scoped_unit_or_404(current_user, form.parent_id.data) if form.parent_id.data else None


@bp.route("/units/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_new() -> ResponseReturnValue:
    form = UnitForm()
    # Only an administrator of a top-level unit may add another top-level unit.
    form.parent_id.choices = unit_choices(
        current_user, allow_none=current_user.unit.parent_id is None
    )
    if form.validate_on_submit():
        if _code_taken(form.code.data, None):
            add_error(form.code, gettext("Another unit already has this code."))
        else:
            unit = create_unit(
                code=form.code.data,
                name=form.name.data,
                level=UnitLevel(form.level.data),
                parent=_parent(form),
                place_name=form.place_name.data or "",
                desk_name=form.desk_name.data or "",
                desk_address=form.desk_address.data or "",
                desk_phone=form.desk_phone.data or "",
            )
            unit.office_hours = form.office_hours.data or ""
            db.session.commit()
            flash(gettext("Unit %(name)s created.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_edit(unit_id: int) -> ResponseReturnValue:
    unit = scoped_unit_or_404(current_user, unit_id)
    form = UnitForm(obj=unit, parent_id=unit.parent_id or 0)
    form.parent_id.choices = unit_choices(
        current_user, allow_none=current_user.unit.parent_id is None
    )
    if unit.id == current_user.unit_id:
        # An administrator cannot move their own unit out of their own reach.
        form.parent_id.choices = choices(
            [(unit.parent_id or 0, unit.parent.name if unit.parent else "—")]
        )
    if form.validate_on_submit():
        if _code_taken(form.code.data, unit.id):
            add_error(form.code, gettext("Another unit already has this code."))
        else:
            try:
                update_unit(
                    unit,
                    parent=_parent(form) if unit.id != current_user.unit_id else unit.parent,
                    code=form.code.data,
                    name=form.name.data,
                    level=UnitLevel(form.level.data),
                    place_name=form.place_name.data or "",
                    desk_name=form.desk_name.data or "",
                    desk_address=form.desk_address.data or "",
                    desk_phone=form.desk_phone.data or "",
                    office_hours=form.office_hours.data or "",
                    active=form.active.data,
                )
            except OrganisationError:
                db.session.rollback()
                add_error(
                    form.parent_id,
                    gettext("A unit cannot be placed under itself or its own sub-unit."),
                )
            else:
                db.session.commit()
                flash(gettext("Unit %(name)s saved.", name=unit.name), "success")
                return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit)
