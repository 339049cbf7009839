"""Who may do what: role decorators and unit scoping, in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from onestop.accounts.models import Role, User
from onestop.db import db
from onestop.organisation.models import Department, Unit

F = TypeVar("F", bound=Callable[..., Any])

STAFF_ROLES = tuple(Role)


def role_required(*roles: Role) -> Callable[[F], F]:
    """Allow a view only to signed-in staff holding one of `roles`."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def visible_units(user: User) -> sa.Select[Unit]:
    """Select the units a user sees: their own unit and everything below it."""
    return sa.select(Unit).where(Unit.path.startswith(user.unit.path))


def unit_in_scope(user: User, unit: Unit) -> bool:
    return unit.path.startswith(user.unit.path)


def scoped_unit_or_404(user: User, unit_id: int) -> Unit:
    """Load a unit the user may see, or answer 404 (not 403: ids must not be probed)."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit_in_scope(user, unit):
        abort(404)
    return unit


def scoped_department_or_404(user: User, department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None or not unit_in_scope(user, department.unit):
        abort(404)
    return department


def scoped_user_or_404(user: User, user_id: int) -> User:
    other = db.session.get(User, user_id)
    if other is None or not unit_in_scope(user, other.unit):
        abort(404)
    return other
