"""Administer departments."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required, scoped_department_or_404, scoped_unit_or_404
from onestop.admin import bp
from onestop.admin.choices import unit_choices
from onestop.db import db
from onestop.forms import add_error
from onestop.organisation.forms import DepartmentForm
from onestop.organisation.models import Department, Unit
from onestop.organisation.services import create_department


@bp.get("/departments")
@role_required(Role.ADMIN)
def departments() -> ResponseReturnValue:
    rows = db.session.execute(
        sa.select(Department, Unit)
        .join(Unit)
        .where(Unit.path.startswith(current_user.unit.path))
        .order_by(Unit.path, Department.name)
    ).all()
    return render_template("admin/departments.html", rows=rows)


def _name_taken(unit_id: int, name: str, department_id: int | None) -> bool:
    query = sa.select(Department.id).where(
        Department.unit_id == unit_id, sa.func.lower(Department.name) == name.lower()
    )
    if department_id is not None:
        query = query.where(Department.id != department_id)
    return db.session.scalar(query) is not None


@bp.route("/departments/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def department_new() -> ResponseReturnValue:
    form = DepartmentForm()
    form.unit_id.choices = unit_choices(current_user)
    if form.validate_on_submit():
        unit = scoped_unit_or_404(current_user, form.unit_id.data)
        if _name_taken(unit.id, form.name.data, None):
            add_error(form.name, gettext("This unit already has a department with this name."))
        else:
            department = create_department(unit=unit, name=form.name.data)
            db.session.commit()
            flash(gettext("Department %(name)s created.", name=department.name), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department_form.html", form=form, department=None)


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def department_edit(department_id: int) -> ResponseReturnValue:
    department = scoped_department_or_404(current_user, department_id)
    form = DepartmentForm(obj=department)
    form.unit_id.choices = unit_choices(current_user)
    if form.validate_on_submit():
        unit = scoped_unit_or_404(current_user, form.unit_id.data)
        if _name_taken(unit.id, form.name.data, department.id):
            add_error(form.name, gettext("This unit already has a department with this name."))
        else:
            department.unit = unit
            department.name = form.name.data
            department.active = form.active.data
            db.session.commit()
            flash(gettext("Department %(name)s saved.", name=department.name), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department_form.html", form=form, department=department)
