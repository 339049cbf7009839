"""Administration screens: units, departments, users, calendar, notifications (scoped to the administrator's unit)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from onestop.admin import (  # noqa: E402, F401  (routes register on bp)
    api_tokens,
    calendar,
    departments,
    notifications,
    units,
    users,
)
