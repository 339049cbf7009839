"""Select-box choices built from what the administrator may see."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from onestop.accounts.models import User
from onestop.accounts.permissions import visible_units
from onestop.db import db
from onestop.forms import choices
from onestop.organisation.models import Department, Unit


def unit_choices(user: User, *, allow_none: bool = False) -> list[SelectChoice]:
    """List the units in scope as an indented tree."""
    units = db.session.scalars(visible_units(user).order_by(Unit.path)).all()
    base_depth = user.unit.depth
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[int, str]] = []

    def walk(unit: Unit) -> None:
        ordered.append((unit.id, "\u00a0\u00a0" * (unit.depth - base_depth) + unit.name))
        for child in sorted(by_parent.get(unit.id, []), key=lambda u: u.name):
            walk(child)

    walk(user.unit)
    if allow_none:
        ordered.insert(0, (0, gettext("— none (top level) —")))
    return choices(ordered)


def department_choices(user: User) -> list[SelectChoice]:
    rows = db.session.execute(
        sa.select(Department.id, Department.name, Unit.name)
        .join(Unit)
        .where(Unit.path.startswith(user.unit.path), Department.active.is_(True))
        .order_by(Unit.name, Department.name)
    ).all()
    none = [(0, gettext("— no department —"))]
    return choices(none + [(d_id, f"{u_name} — {d_name}") for d_id, d_name, u_name in rows])
