"""Administer staff accounts. Accounts are deactivated, never deleted."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.forms import ROLE_LABELS, NewUserForm, PasswordResetForm, UserForm
from onestop.accounts.models import Role, User
from onestop.accounts.permissions import role_required, scoped_unit_or_404, scoped_user_or_404
from onestop.accounts.services import create_user, set_active
from onestop.admin import bp
from onestop.admin.choices import department_choices, unit_choices
from onestop.db import db
from onestop.forms import add_error
from onestop.organisation.models import Department, Unit

# Officers and heads work inside a department; the others work for the unit as a whole.
ROLES_NEEDING_DEPARTMENT = {Role.OFFICER, Role.HEAD}


@bp.get("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    rows = db.session.scalars(
        sa.select(User)
        .join(Unit, User.unit_id == Unit.id)
        .where(Unit.path.startswith(current_user.unit.path))
        .options(sa.orm.joinedload(User.unit), sa.orm.joinedload(User.department))
        .order_by(Unit.path, User.full_name)
    ).all()
    return render_template("admin/users.html", users=rows, role_labels=ROLE_LABELS)


def _prepare(form: UserForm) -> None:
    form.unit_id.choices = unit_choices(current_user)
    form.department_id.choices = department_choices(current_user)


def _check(form: UserForm, user_id: int | None) -> tuple[Unit, Department | None] | None:
    """Check what the form cannot check alone; put messages next to the fields."""
    ok = True
    taken = db.session.scalar(
        sa.select(User.id).where(
            sa.func.lower(User.username) == form.username.data.lower(), User.id != (user_id or 0)
        )
    )
    if taken:
        add_error(form.username, gettext("This username is already in use."))
        ok = False
    unit = scoped_unit_or_404(current_user, form.unit_id.data)
    department = (
        db.session.get(Department, form.department_id.data) if form.department_id.data else None
    )
    if department is not None and department.unit_id != unit.id:
        add_error(form.department_id, gettext("This department belongs to another unit."))
        ok = False
    if department is None and Role(form.role.data) in ROLES_NEEDING_DEPARTMENT:
        add_error(form.department_id, gettext("Officers and heads must belong to a department."))
        ok = False
    return (unit, department) if ok else None


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_new() -> ResponseReturnValue:
    form = NewUserForm()
    _prepare(form)
    if form.validate_on_submit() and (placement := _check(form, None)):
        unit, department = placement
        user = create_user(
            username=form.username.data,
            full_name=form.full_name.data,
            password=form.password.data,
            role=Role(form.role.data),
            unit=unit,
            department=department,
            email=form.email.data or "",
            phone=form.phone.data or "",
        )
        db.session.commit()
        flash(gettext("Account %(username)s created.", username=user.username), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    user = scoped_user_or_404(current_user, user_id)
    form = UserForm(obj=user, department_id=user.department_id or 0)
    _prepare(form)
    if form.validate_on_submit() and (placement := _check(form, user.id)):
        if user.id == current_user.id and (not form.active.data or form.role.data != Role.ADMIN):
            add_error(form.active, gettext("You cannot deactivate or demote your own account."))
        else:
            user.unit, user.department = placement
            user.username = form.username.data
            user.full_name = form.full_name.data
            user.email = form.email.data or ""
            user.phone = form.phone.data or ""
            user.role = Role(form.role.data)
            set_active(user, form.active.data)
            db.session.commit()
            flash(gettext("Account %(username)s saved.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=user, password_form=PasswordResetForm(formdata=None)
    )


@bp.post("/users/<int:user_id>/password")
@role_required(Role.ADMIN)
def user_password(user_id: int) -> ResponseReturnValue:
    user = scoped_user_or_404(current_user, user_id)
    password_form = PasswordResetForm()
    if password_form.validate_on_submit():
        user.set_password(password_form.password.data)
        set_active(user, user.active)  # also clears a lockout
        db.session.commit()
        flash(gettext("Password of %(username)s changed.", username=user.username), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    form = UserForm(obj=user, department_id=user.department_id or 0, formdata=None)
    _prepare(form)
    return render_template(
        "admin/user_form.html", form=form, user=user, password_form=password_form
    ), 400
