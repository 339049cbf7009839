"""Select options for the processing forms: departments and the people in them."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext

from onestop.accounts.models import Role, User
from onestop.db import db
from onestop.organisation.models import Department, Unit


def unit_departments(unit: Unit) -> list[tuple[int, str]]:
    """Active departments of a unit and the units below it."""
    rows = db.session.execute(
        sa.select(Department.id, Department.name, Unit.name)
        .join(Unit, Unit.id == Department.unit_id)
        .where(Unit.path.startswith(unit.path), Department.active.is_(True))
        .order_by(Unit.path, Department.name)
    ).all()
    return [
        (i, name if unit_name == unit.name else f"{name} – {unit_name}")
        for i, name, unit_name in rows
    ]


def all_departments() -> list[tuple[int, str]]:
    """Every active department of every unit, for inter-agency parts."""
    rows = db.session.execute(
        sa.select(Department.id, Department.name, Unit.name)
        .join(Unit, Unit.id == Department.unit_id)
        .where(Department.active.is_(True), Unit.active.is_(True))
        .order_by(Unit.path, Department.name)
    ).all()
    return [(i, f"{unit_name} – {name}") for i, name, unit_name in rows]


def department_staff(department_id: int) -> list[tuple[int, str]]:
    """Active officers and heads of one department."""
    rows = db.session.execute(
        sa.select(User.id, User.full_name)
        .where(
            User.department_id == department_id,
            User.active.is_(True),
            User.role.in_([Role.OFFICER, Role.HEAD]),
        )
        .order_by(User.full_name)
    ).all()
    return [(i, name) for i, name in rows]


def with_none(options: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(0, gettext("— nobody in particular —")), *options]
