"""Administration screens: units and their signing certificates, departments, users, calendar,
notifications, trusted roots (scoped to the administrator's unit)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from onestop.admin import (  # noqa: E402, F401  (routes register on bp)
    api_tokens,
    calendar,
    departments,
    notifications,
    signing,
    units,
    users,
)
