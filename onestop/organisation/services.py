"""Writes to the organisation tree. They flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa

from onestop.db import db
from onestop.organisation.models import Department, Unit, UnitLevel


class OrganisationError(ValueError):
    """A change the organisation tree cannot take; `field` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def create_unit(
    *,
    code: str,
    name: str,
    level: UnitLevel,
    parent: Unit | None = None,
    place_name: str = "",
    desk_name: str = "",
    desk_address: str = "",
    desk_phone: str = "",
) -> Unit:
    """Add a unit under its parent and give it its materialised path."""
    unit = Unit(
        code=code,
        name=name,
        level=level,
        parent=parent,
        place_name=place_name,
        desk_name=desk_name,
        desk_address=desk_address,
        desk_phone=desk_phone,
    )
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    return unit


def update_unit(unit: Unit, *, parent: Unit | None, **fields: object) -> Unit:
    """Change a unit; moving it re-parents its whole subtree."""
    if parent is not None and parent.path.startswith(unit.path):
        raise OrganisationError(
            "parent_id", "A unit cannot be placed under itself or its own sub-unit."
        )
    for key, value in fields.items():
        setattr(unit, key, value)
    if parent is not unit.parent:
        old_prefix = unit.path
        unit.parent = parent
        new_prefix = f"{parent.path if parent else '/'}{unit.id}/"
        db.session.execute(
            sa.update(Unit)
            .where(Unit.path.startswith(old_prefix))
            .values(path=sa.literal(new_prefix) + sa.func.substr(Unit.path, len(old_prefix) + 1))
            .execution_options(synchronize_session=False)
        )
        db.session.expire_all()
    db.session.flush()
    return unit


def create_department(*, unit: Unit, name: str) -> Department:
    """Add a department to a unit."""
    department = Department(unit=unit, name=name)
    db.session.add(department)
    db.session.flush()
    return department


def subtree_ids(unit: Unit) -> sa.Select[int]:
    """Select the ids of a unit and every unit below it."""
    return sa.select(Unit.id).where(Unit.path.startswith(unit.path))
