"""Supervision: dashboards, the period table (06a), the overdue list, charts and exports."""

from typing import Any

from flask import Blueprint, url_for

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.app_template_global()
def report_url(endpoint: str, *parts: dict[str, Any], **values: Any) -> str:
    """url_for with several dicts of arguments merged (Jinja allows one ** per call)."""
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    merged.update(values)
    return url_for(endpoint, **merged)


from onestop.reports import views, views_files  # noqa: E402, F401  (routes register on bp)
